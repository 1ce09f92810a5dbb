# Source: PyTorch 1.13 docstring example, torch/nn/modules/distance.py:36-39 (nn.PairwiseDistance)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/distance.py
# Driver: 4 x 8 inputs instead of 100 x 128 so the printed tensor stays short.
import torch
import torch.nn as nn

torch.manual_seed(0)
pdist = nn.PairwiseDistance(p=2)
input1 = torch.randn(4, 8)
input2 = torch.randn(4, 8)
output = pdist(input1, input2)
print(output)
