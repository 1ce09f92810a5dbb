# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:1585-1590 (nn.TripletMarginWithDistanceLoss, lambda distance)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
# Driver: small random embeddings with requires_grad stand in for the docstring's nn.Embedding rows.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
anchor = torch.randn(2, 8, requires_grad=True)
positive = torch.randn(2, 8, requires_grad=True)
negative = torch.randn(2, 8, requires_grad=True)

# Custom Distance Function (Lambda)
triplet_loss = (
    nn.TripletMarginWithDistanceLoss(
        distance_function=lambda x, y: 1.0 - F.cosine_similarity(x, y)))
output = triplet_loss(anchor, positive, negative)
output.backward()
print(output)
print(anchor.grad)
