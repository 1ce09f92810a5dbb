# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:705-709 (nn.BCEWithLogitsLoss)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
loss = nn.BCEWithLogitsLoss()
input = torch.randn(3, requires_grad=True)
target = torch.empty(3).random_(2)
output = loss(input, target)
output.backward()
print(output)
print(input.grad)
