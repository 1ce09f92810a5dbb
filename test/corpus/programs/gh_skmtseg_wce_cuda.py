# Source: github.com/UESTC-Liuxin/SkmtSeg, criterion/WCELoss.py (class WCELoss, the version that softmaxes the weights)
# -*- coding: utf-8 -*-
import torch
import torch.nn as nn
import numpy as np


class WCELoss(nn.Module):

    def __init__(self,weight=None,*args,**kwargs):
        super(WCELoss,self).__init__()
        if(weight):
            weight=torch.softmax(torch.FloatTensor(np.array(weight)), dim=0).cuda()
        self.loss=nn.CrossEntropyLoss(weight,*args,**kwargs)

    def forward(self,logit, target):
        return self.loss(logit,target)

# Driver: unweighted on CPU, then weighted (the weights go to CUDA)
torch.manual_seed(0)
logit = torch.randn(2, 3, requires_grad=True)
target = torch.tensor([1, 2])
loss = WCELoss(ignore_index=2)(logit, target)
print(loss)
loss.backward()
print(logit.grad)
criterion = WCELoss([1.0, 2.0, 3.0])
print(criterion(logit, target))
