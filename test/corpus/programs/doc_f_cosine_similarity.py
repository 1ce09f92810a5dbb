# Source: PyTorch 1.13 docstring example, torch/nn/functional.py:4463-4466 (F.cosine_similarity)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/functional.py
# Driver: 4 x 8 inputs instead of 100 x 128 so the printed tensor stays short.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
input1 = torch.randn(4, 8)
input2 = torch.randn(4, 8)
output = F.cosine_similarity(input1, input2)
print(output)
