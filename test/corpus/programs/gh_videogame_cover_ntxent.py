# Source: github.com/Guilherme-Jorge/videogame_cover_identification, src/training/losses.py (class NTXent)
"""Loss functions for training."""

import torch
import torch.nn as nn


class NTXent(nn.Module):
    """Normalized Temperature-scaled Cross Entropy Loss for contrastive learning."""

    def __init__(self, temperature: float = 0.07):
        super().__init__()
        self.t = temperature

    def forward(self, z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
        z = torch.cat([z1, z2], dim=0)
        sim = (z @ z.t()) / self.t
        b = z1.size(0)
        eye = torch.eye(2 * b, device=z.device, dtype=torch.bool)
        min_val = torch.finfo(sim.dtype).min
        sim = sim.masked_fill(eye, min_val)
        targets = torch.arange(b, device=z.device)
        targets = torch.cat([targets + b, targets])
        return nn.functional.cross_entropy(sim, targets)

# Driver (docstring of forward shortened)
torch.manual_seed(0)
z1 = nn.functional.normalize(torch.randn(3, 5), dim=1).requires_grad_()
z2 = nn.functional.normalize(torch.randn(3, 5), dim=1).requires_grad_()
loss = NTXent(temperature=0.5)(z1, z2)
print(loss)
loss.backward()
print(z2.grad)
