# Source: github.com/Kosmosius/alchemi-hsi, src/alchemi/losses/contrastive.py (class InfoNCELoss)
import torch
import torch.nn as nn
import torch.nn.functional as F


class InfoNCELoss(nn.Module):
    def __init__(self, temperature: float = 0.07):
        super().__init__()
        self.t = temperature

    def forward(self, z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
        z1 = F.normalize(z1, dim=-1)
        z2 = F.normalize(z2, dim=-1)
        logits = (z1 @ z2.T) / self.t
        labels = torch.arange(z1.size(0), device=z1.device)
        return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))

# Driver
torch.manual_seed(0)
z1 = torch.randn(3, 4, requires_grad=True)
z2 = torch.randn(3, 4, requires_grad=True)
loss = InfoNCELoss()(z1, z2)
print(loss)
loss.backward()
print(z1.grad)
print(z2.grad)
