# Source: github.com/baolong1507/vision-ssm-derain, src/losses/charbonnier.py (class CharbonnierLoss, whole file)
import torch
import torch.nn as nn

class CharbonnierLoss(nn.Module):
    def __init__(self, eps=1e-3):
        super().__init__()
        self.eps = eps

    def forward(self, pred, target):
        diff = pred - target
        loss = torch.mean(torch.sqrt(diff * diff + self.eps * self.eps))
        return loss

# Driver
torch.manual_seed(0)
pred = torch.rand(2, 3, 3, requires_grad=True)
target = pred.detach() + 0.01 * torch.randn(2, 3, 3)
loss = CharbonnierLoss()(pred, target)
print(loss)
loss.backward()
print(pred.grad)
