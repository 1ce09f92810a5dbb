# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:1575-1583 (nn.TripletMarginWithDistanceLoss, custom distance)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
# Driver: small random embeddings with requires_grad stand in for the docstring's nn.Embedding rows.
import torch
import torch.nn as nn

torch.manual_seed(0)
anchor = torch.randn(1, 128, requires_grad=True)
positive = torch.randn(1, 128, requires_grad=True)
negative = torch.randn(1, 128, requires_grad=True)

# Custom Distance Function
def l_infinity(x1, x2):
    return torch.max(torch.abs(x1 - x2), dim=1).values

triplet_loss = (
    nn.TripletMarginWithDistanceLoss(distance_function=l_infinity, margin=1.5))
output = triplet_loss(anchor, positive, negative)
output.backward()
print(output)
print(anchor.grad.nonzero())
