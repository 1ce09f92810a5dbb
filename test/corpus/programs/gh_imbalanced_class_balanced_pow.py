# Source: github.com/usagisukisuki/Imbalanced-Classification, utils/loss/cbw.py (class ClassBalancedLoss, whole file)
#coding: utf-8
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import math


class ClassBalancedLoss(nn.Module):
    def __init__(self, cls_num_list, beta=0.9999):
        super().__init__()
        per_cls_weights = (1.0 - beta) / (1.0 - (beta ** cls_num_list))
        per_cls_weights = per_cls_weights / torch.mean(per_cls_weights)
        self.per_cls_weights = per_cls_weights
    
    def forward(self, logit, target):
        logit = logit.to(self.per_cls_weights.dtype)
        return F.cross_entropy(logit, target, weight=self.per_cls_weights)

# Driver
torch.manual_seed(0)
cls_num_list = torch.tensor([500, 60, 7])
logit = torch.randn(4, 3, requires_grad=True)
target = torch.tensor([0, 1, 2, 0])
criterion = ClassBalancedLoss(cls_num_list, beta=0.99)
print(criterion.per_cls_weights)
loss = criterion(logit, target)
print(loss)
loss.backward()
print(logit.grad)
