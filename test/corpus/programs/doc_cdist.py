# Source: PyTorch 1.13 docstring example, torch/functional.py:1196-1205 (torch.cdist)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/functional.py
import torch

a = torch.tensor([[0.9041,  0.0196], [-0.3108, -2.4423], [-0.4821,  1.059]])
print(a)
b = torch.tensor([[-2.1763, -0.4713], [-0.6986,  1.3702]])
print(b)
print(torch.cdist(a, b, p=2))
