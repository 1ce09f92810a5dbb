# Source: github.com/wilhelm-lab/SWAPS, peak_detection_2d/loss/conf_loss.py (class FocalLoss)
import torch
from torch import nn


class FocalLoss(nn.Module):
    def __init__(self, gamma=2.0, alpha=0.25):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha

    def forward(self, preds, target):
        BCE_loss = nn.functional.binary_cross_entropy(preds, target, reduction="none")
        pt = torch.exp(-BCE_loss)
        F_loss = self.alpha * (1 - pt) ** self.gamma * BCE_loss
        return torch.mean(F_loss)

# Driver: confidence scores in (0, 1)
torch.manual_seed(0)
preds = torch.rand(5, requires_grad=True)
target = torch.tensor([1., 0., 1., 1., 0.])
loss = FocalLoss()(preds, target)
print(loss)
loss.backward()
print(preds.grad)
