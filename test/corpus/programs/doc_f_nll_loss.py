# Source: PyTorch 1.13 docstring example, torch/nn/functional.py:2680-2685 (F.nll_loss)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/functional.py
import torch
import torch.nn.functional as F

torch.manual_seed(0)
# input is of size N x C = 3 x 5
input = torch.randn(3, 5, requires_grad=True)
# each element in target has to have 0 <= value < C
target = torch.tensor([1, 0, 4])
output = F.nll_loss(F.log_softmax(input, dim=1), target)
output.backward()
print(output)
print(input.grad)
