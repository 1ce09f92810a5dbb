# Source: PyTorch 1.13 docstring example, torch/nn/functional.py:3065-3068 (F.binary_cross_entropy)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/functional.py
import torch
import torch.nn.functional as F

torch.manual_seed(0)
input = torch.randn(3, 2, requires_grad=True)
target = torch.rand(3, 2, requires_grad=False)
loss = F.binary_cross_entropy(torch.sigmoid(input), target)
loss.backward()
print(loss)
print(input.grad)
