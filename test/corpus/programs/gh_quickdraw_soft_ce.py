# Source: github.com/maxliaops/kaggle-quickdraw, metrics/soft_cross_entropy_loss.py (class SoftCrossEntropyLoss, whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F


class SoftCrossEntropyLoss(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits, target):
        log_likelihood = -F.log_softmax(logits, dim=1)
        return torch.sum(log_likelihood * target, dim=1).mean()

# Driver: float64 logits and targets
torch.manual_seed(0)
logits = torch.randn(2, 5, dtype=torch.float64, requires_grad=True)
target = torch.full((2, 5), 0.2, dtype=torch.float64)
loss = SoftCrossEntropyLoss()(logits, target)
print(loss)
loss.backward()
print(logits.grad)
