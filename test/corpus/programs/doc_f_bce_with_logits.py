# Source: PyTorch 1.13 docstring example, torch/nn/functional.py:3137-3140 (F.binary_cross_entropy_with_logits)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/functional.py
import torch
import torch.nn.functional as F

torch.manual_seed(0)
input = torch.randn(3, requires_grad=True)
target = torch.empty(3).random_(2)
loss = F.binary_cross_entropy_with_logits(input, target)
loss.backward()
print(loss)
print(input.grad)
