# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:1150-1155 (nn.CrossEntropyLoss, class indices)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
# Example of target with class indices
loss = nn.CrossEntropyLoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.empty(3, dtype=torch.long).random_(5)
output = loss(input, target)
output.backward()
print(target)
print(output)
print(input.grad)
