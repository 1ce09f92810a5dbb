# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:524-528 (nn.MSELoss)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
loss = nn.MSELoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5)
output = loss(input, target)
output.backward()
print(output)
print(input.grad)
