# Source: github.com/Seeooo-0/Car_blackbox_Collision_, FocalLoss.py (class FocalLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F

class FocalLoss(nn.Module):
    def __init__(self, weight=None, gamma=2, reduction='mean'):
        super(FocalLoss, self).__init__()
        self.weight = weight
        self.gamma = gamma
        self.reduction = reduction
    def forward(self, inputs, targets):
        ce_loss = F.cross_entropy(inputs, targets, weight=self.weight, reduction=self.reduction)
        pt = torch.exp(-ce_loss)
        focal_loss = ((1-pt)**self.gamma * ce_loss).mean()
        return focal_loss

# Driver: per-sample focal terms with reduction='none'
torch.manual_seed(0)
inputs = torch.randn(4, 5, requires_grad=True)
targets = torch.tensor([1, 0, 4, 2])
criterion = FocalLoss(reduction='none')
loss = criterion(inputs, targets)
print(loss)
loss.backward()
print(inputs.grad)
