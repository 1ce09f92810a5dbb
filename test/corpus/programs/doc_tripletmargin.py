# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:1469-1474 (nn.TripletMarginLoss)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
import torch
import torch.nn as nn

torch.manual_seed(0)
triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2)
anchor = torch.randn(100, 128, requires_grad=True)
positive = torch.randn(100, 128, requires_grad=True)
negative = torch.randn(100, 128, requires_grad=True)
output = triplet_loss(anchor, positive, negative)
output.backward()
print(output)
print(anchor.grad[0, :4])
