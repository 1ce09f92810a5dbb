# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:350-355 (nn.GaussianNLLLoss, homoscedastic)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
loss = nn.GaussianNLLLoss()
input = torch.randn(5, 2, requires_grad=True)
target = torch.randn(5, 2)
var = torch.ones(5, 1, requires_grad=True) #homoscedastic
output = loss(input, target, var)
output.backward()
print(output)
print(var.grad)
