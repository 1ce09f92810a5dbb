# Source: github.com/KotovNikitaStudent/Despeckling_SAR_images, loss.py (class CharbonnierLoss)
import torch.nn as nn
import torch


class CharbonnierLoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, pred, target):
        return torch.mean(torch.sqrt((pred - target).pow(2) + self.eps**2))

# Driver
torch.manual_seed(0)
pred = torch.randn(2, 1, 3, 3, requires_grad=True)
target = torch.randn(2, 1, 3, 3)
criterion = CharbonnierLoss(eps=1e-3)
loss = criterion(pred, target)
print(loss)
loss.backward()
print(pred.grad)
