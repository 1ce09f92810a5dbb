# Source: github.com/defmaxeng/PathVision, lane_detection/training/training_tools/maskedMSELoss.py (class MaskedMSELoss)
import torch
import torch.nn as nn

class MaskedMSELoss(nn.Module):
    def __init__(self):
        super().__init__()
    
    def forward(self, pred, target, mask):
        diff2 = (pred - target) ** 2 * mask
        return diff2.sum() / mask.sum().clamp(min=1)

# Driver (the `import torch` line is the driver's): an all-zero mask, then a real one
torch.manual_seed(0)
pred = torch.randn(2, 4, requires_grad=True)
target = torch.randn(2, 4)
print(MaskedMSELoss()(pred, target, torch.zeros(2, 4)))
mask = torch.tensor([[1., 1., 0., 0.], [1., 0., 0., 0.]])
loss = MaskedMSELoss()(pred, target, mask)
print(loss)
loss.backward()
print(pred.grad)
