# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:1318-1323 (nn.MarginRankingLoss)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
loss = nn.MarginRankingLoss()
input1 = torch.randn(3, requires_grad=True)
input2 = torch.randn(3, requires_grad=True)
target = torch.randn(3).sign()
output = loss(input1, input2, target)
output.backward()
print(output)
print(input1.grad, input2.grad)
