# Source: github.com/zhw-e8/LAMAR, LAMAR/LossFunctions.py (class FocalLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, gamma=1, alpha=1):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha

    def forward(self, inputs, targets):
        # reduction: 
        targets = targets.float()
        BCE_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
        pt = torch.exp(-BCE_loss)
        F_loss = self.alpha * (1 - pt) ** self.gamma * BCE_loss
        return torch.mean(F_loss)

# Driver: integer labels become float inside
torch.manual_seed(0)
inputs = torch.randn(2, 3, requires_grad=True)
targets = torch.tensor([[1, 0, 1], [0, 0, 1]])
loss = FocalLoss(gamma=2)(inputs, targets)
print(loss)
loss.backward()
print(inputs.grad)
