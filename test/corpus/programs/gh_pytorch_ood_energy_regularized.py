# Source: github.com/kkirchheim/pytorch-ood, pytorch_ood/loss/energy.py (EnergyRegularizedLoss; docstrings dropped)
# with cross_entropy / CrossEntropy from pytorch_ood/loss/crossentropy.py and is_known / is_unknown from
# pytorch_ood/utils.py
import torch
import torch.nn as nn
from torch.nn import functional as F


def is_known(labels):
    return labels >= 0


def is_unknown(labels) -> bool:
    return labels < 0


def cross_entropy(x, targets):
    known = is_known(targets)
    if not known.any():
        return torch.tensor(0.0, device=x.device)

    return F.cross_entropy(x[known], targets[known])


class CrossEntropy(nn.Module):
    def __init__(self):
        super(CrossEntropy, self).__init__()

    def forward(self, x: torch.Tensor, targets) -> torch.Tensor:
        return cross_entropy(x, targets)


class EnergyRegularizedLoss(nn.Module):
    def __init__(self, alpha=1, margin_in=1, margin_out=1):
        super(EnergyRegularizedLoss, self).__init__()
        self.m_in = margin_in
        self.m_out = margin_out
        self.nll = CrossEntropy()
        self.alpha = alpha

    def forward(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        regularization = self._regularization(logits, y)
        nll = self.nll(logits, y)
        return nll + self.alpha * regularization

    def _regularization(self, logits, y):
        if is_known(y).any():
            energy_in = (self._energy(logits[is_known(y)]) - self.m_in).relu().pow(2).mean()
        else:
            energy_in = 0

        if is_unknown(y).any():
            energy_out = (self._energy(self.m_out - logits[is_unknown(y)])).relu().pow(2).mean()
        else:
            energy_out = 0

        return energy_in + energy_out

    def _energy(self, logits):
        return torch.logsumexp(logits, dim=1)


# Driver: four in-distribution samples and two outliers (label -1), then a batch of outliers alone
torch.manual_seed(0)
logits = torch.randn(6, 3, requires_grad=True)
y = torch.tensor([0, 2, 1, 0, -1, -1])
criterion = EnergyRegularizedLoss(alpha=0.1, margin_in=-2, margin_out=3)
loss = criterion(logits, y)
print(loss)
loss.backward()
print(logits.grad)
print(criterion(logits[4:], y[4:]))
