# Source: github.com/ubicomplab/rPPG-Toolbox, neural_methods/loss/NegPearsonLoss.py (class Neg_Pearson; unused imports of
# matplotlib, argparse, os, pandas, numpy, random, math, torchvision dropped)
from __future__ import print_function, division
import torch
from torch import nn


class Neg_Pearson(nn.Module):
    def __init__(self):
        super(Neg_Pearson, self).__init__()
        return

    def forward(self, preds, labels):
        cos = nn.CosineSimilarity(dim=0, eps=1e-6)
        pearson = cos(preds - preds.mean(dim=0, keepdim=True), labels - labels.mean(dim=0, keepdim=True))
        return torch.mean(1 - pearson)

# Driver
torch.manual_seed(0)
preds = torch.randn(6, 2, requires_grad=True)
labels = torch.randn(6, 2)
loss = Neg_Pearson()(preds, labels)
print(loss)
loss.backward()
print(preds.grad)
