# Source: github.com/pypi-data/pypi-mirror-375, packages/torchlosses/torchlosses-0.1.0.tar.gz/torchlosses-0.1.0/torchlosses/contrastive.py
import torch
import torch.nn as nn
import torch.nn.functional as F

class ContrastiveLoss(nn.Module):
    """Contrastive Loss for Siamese networks"""
    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = margin

    def forward(self, x1, x2, label):
        dist = F.pairwise_distance(x1, x2)
        loss = (1 - label) * torch.pow(dist, 2) + label * torch.pow(torch.clamp(self.margin - dist, min=0.0), 2)
        return loss.mean()

# Driver
torch.manual_seed(0)
x1 = torch.randn(5, 2, requires_grad=True)
x2 = torch.randn(5, 2, requires_grad=True)
label = torch.tensor([0, 1, 1, 0, 1])
loss = ContrastiveLoss()(x1, x2, label)
print(loss)
loss.backward()
print(x1.grad)
