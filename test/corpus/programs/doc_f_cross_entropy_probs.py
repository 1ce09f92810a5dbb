# Source: PyTorch 1.13 docstring example, torch/nn/functional.py:3005-3009 (F.cross_entropy, class probabilities)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/functional.py
import torch
import torch.nn.functional as F

torch.manual_seed(0)
# Example of target with class probabilities
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5).softmax(dim=1)
loss = F.cross_entropy(input, target)
loss.backward()
print(loss)
print(input.grad)
