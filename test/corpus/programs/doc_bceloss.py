# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:606-611 (nn.BCELoss)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
m = nn.Sigmoid()
loss = nn.BCELoss()
input = torch.randn(3, requires_grad=True)
target = torch.empty(3).random_(2)
output = loss(m(input), target)
output.backward()
print(output)
print(input.grad)
