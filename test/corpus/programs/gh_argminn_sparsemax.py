# Source: github.com/Genentech/ARGMINN, src/model/sparsemax.py (Sparsemax; docstrings dropped)
from __future__ import division

import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Sparsemax(nn.Module):
    """Sparsemax function."""

    def __init__(self):
        """Initialize sparsemax activation
        """
        super(Sparsemax, self).__init__()

    def forward(self, input, dim=-1):
        # Sparsemax currently only handles 2-dim tensors,
        # so we reshape to a convenient shape and reshape back after sparsemax
        input = input.transpose(0, dim)
        original_size = input.size()
        input = input.reshape(input.size(0), -1)
        input = input.transpose(0, 1)

        number_of_logits = input.size(1)

        # Translate input by max for numerical stability
        input = input - torch.max(input, dim=1, keepdim=True)[0].expand_as(input)

        # Sort input in descending order.
        # (NOTE: Can be replaced with linear time selection method described here:
        # http://stanford.edu/~jduchi/projects/DuchiShSiCh08.html)
        zs = torch.sort(input=input, dim=1, descending=True)[0]
        range = torch.arange(start=1, end=number_of_logits + 1, step=1, device=device, dtype=input.dtype).view(1, -1)
        range = range.expand_as(zs)

        # Determine sparsity of projection
        bound = 1 + range * zs
        cumulative_sum_zs = torch.cumsum(zs, 1)
        is_gt = torch.gt(bound, cumulative_sum_zs).type(input.type())
        k = torch.max(is_gt * range, 1, keepdim=True)[0]

        # Compute threshold function
        zs_sparse = is_gt * zs

        # Compute taus
        taus = (torch.sum(zs_sparse, 1, keepdim=True) - 1) / k
        taus = taus.expand_as(input)

        # Sparsemax
        self.output = torch.max(torch.zeros_like(input), input - taus)

        # Reshape back to original shape
        output = self.output
        output = output.transpose(0, 1)
        output = output.reshape(original_size)
        output = output.transpose(0, dim)

        return output


# Driver: sparsemax attention weights scored against a target distribution
torch.manual_seed(0)
scores = (torch.randn(3, 5) * 2).requires_grad_()
target = torch.softmax(torch.randn(3, 5), dim=1)
p = Sparsemax()(scores)
print(p)
print(p.sum(dim=1))
loss = ((p - target) ** 2).sum(dim=1).mean()
print(loss)
loss.backward()
print(scores.grad)
