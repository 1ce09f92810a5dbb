# Source: github.com/timH6502/byol-a, BYOLLoss.py (class BYOLLoss, a torch.nn.modules.loss._Loss subclass)
import torch
from torch.nn.modules.loss import _Loss
import torch.nn.functional as F


class BYOLLoss(_Loss):

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)

    def forward(self, q_z_phi: torch.Tensor, z_xi: torch.Tensor) -> torch.Tensor:
        q_z_phi = F.normalize(q_z_phi, p=2, dim=-1)
        z_xi = F.normalize(z_xi, p=2, dim=-1)
        cos_sim = (q_z_phi * z_xi).sum(dim=-1)
        loss = 2 - 2 * cos_sim.mean()
        return loss


# Driver: the symmetrised BYOL loss of two views (online predictions against detached target projections)
torch.manual_seed(0)
criterion = BYOLLoss()
print(criterion.reduction)
q1 = torch.randn(4, 8, requires_grad=True)
q2 = torch.randn(4, 8, requires_grad=True)
z1 = torch.randn(4, 8)
z2 = torch.randn(4, 8)
loss = criterion(q1, z2.detach()) + criterion(q2, z1.detach())
print(loss)
loss.backward()
print(q1.grad)
