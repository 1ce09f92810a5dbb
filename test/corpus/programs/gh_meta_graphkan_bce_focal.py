# Source: github.com/ly344/Meta-GraphKAN, fsadmet/utils/FocalLoss.py (class BCEFocalLoss)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
class BCEFocalLoss(torch.nn.Module):
    """
    二分类的Focalloss alpha 固定
    """
    def __init__(self, gamma=4, alpha=0.25, reduction='elementwise_mean'):
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha
        self.reduction = reduction
 
    def forward(self, _input, target):
        pt = torch.sigmoid(_input)
        alpha = self.alpha
        loss = - alpha * (1 - pt) ** self.gamma * target * torch.log(pt) - \
               (1 - alpha) * pt ** self.gamma * (1 - target) * torch.log(1 - pt)
        if self.reduction == 'elementwise_mean':
            loss = torch.mean(loss)
        elif self.reduction == 'sum':
            loss = torch.sum(loss)
        return loss

# Driver
torch.manual_seed(0)
_input = torch.randn(6, requires_grad=True)
target = torch.tensor([1., 0., 0., 1., 0., 0.])
for reduction in ['elementwise_mean', 'sum']:
    loss = BCEFocalLoss(gamma=2, reduction=reduction)(_input, target)
    print(reduction, loss)
loss.backward()
print(_input.grad)
