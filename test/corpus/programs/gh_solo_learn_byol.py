# Source: github.com/vturrisi/solo-learn, solo/losses/byol.py (byol_loss_func; docstring dropped)
import torch
import torch.nn.functional as F


def byol_loss_func(p: torch.Tensor, z: torch.Tensor, simplified: bool = True) -> torch.Tensor:
    if simplified:
        return 2 - 2 * F.cosine_similarity(p, z.detach(), dim=-1).mean()
    else:
        p = F.normalize(p, dim=-1)
        z = F.normalize(z, dim=-1)

        return 2 - 2 * (p * z.detach()).sum(dim=1).mean()


# Driver: both forms, whose values the docstring says agree
torch.manual_seed(0)
p = torch.randn(5, 6, requires_grad=True)
z = torch.randn(5, 6, requires_grad=True)
l1 = byol_loss_func(p, z)
l2 = byol_loss_func(p, z, simplified=False)
print(l1, l2)
(l1 + l2).backward()
print(p.grad)
print(z.grad)
