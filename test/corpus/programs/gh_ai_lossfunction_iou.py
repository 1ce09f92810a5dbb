# Source: github.com/fkimijim/AI_LossFunction, IoULoss.py (class IoULoss; the imports are the driver's)
import torch
import torch.nn as nn

class IoULoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, pred, target):
        intersection = (pred * target).sum()
        union = pred.sum() + target.sum() - intersection
        iou = (intersection + self.eps) / (union + self.eps)
        loss = 1 - iou
        return loss

# Driver
torch.manual_seed(0)
pred = torch.rand(1, 4, 4, requires_grad=True)
target = (torch.rand(1, 4, 4) > 0.5).float()
loss = IoULoss()(pred, target)
print(loss)
loss.backward()
print(pred.grad)
