# Source: github.com/hmi88/what, WHAT_src/loss/mse_var.py (class MSE_VAR)
import torch
import torch.nn as nn
import torch.nn.functional as F


class MSE_VAR(nn.Module):
    def __init__(self):
        super(MSE_VAR, self).__init__()

    def forward(self, results, label):
        mean, var = results['mean'], results['var']

        loss1 = torch.mul(torch.exp(-var), ((mean - label) ** 2)).mean()
        loss2 = var.mean()
        loss = .5 * (loss1 + loss2)
        return loss

# Driver: `var` is the predicted log variance
torch.manual_seed(0)
mean = torch.randn(2, 1, 2, 2, requires_grad=True)
var = torch.randn(2, 1, 2, 2, requires_grad=True)
label = torch.randn(2, 1, 2, 2)
loss = MSE_VAR()({'mean': mean, 'var': var}, label)
print(loss)
loss.backward()
print(mean.grad)
print(var.grad)
