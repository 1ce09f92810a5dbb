# Source: github.com/Atharva-Phatak/torchflare, torchflare/modules/cosface.py (class CosFace, whole file; docstrings
# dropped). The driver trains it as the repo's metric-learning head is used: its margin logits into cross entropy.
import torch
import torch.nn as nn
import torch.nn.functional as F


class CosFace(nn.Module):

    def __init__(self, in_features, out_features, s=30.0, m=0.35):
        """Class Constructor."""
        super(CosFace, self).__init__()

        self.in_features = in_features
        self.out_features = out_features
        self.s = s
        self.m = m
        self.Weight = nn.Parameter(torch.FloatTensor(self.out_features, self.in_features))
        nn.init.xavier_uniform_(self.Weight)

    def forward(self, features: torch.Tensor, targets: torch.Tensor = None) -> torch.Tensor:
        # normalize features and weights
        logits = F.linear(F.normalize(features), F.normalize(self.Weight))
        if targets is None:
            return logits
        # add margin
        target_logits = logits - self.m
        one_hot = torch.zeros_like(logits)
        one_hot.scatter_(1, targets.view(-1, 1).long(), 1)
        output = logits * (1 - one_hot) + target_logits * one_hot
        # feature re-scale
        output *= self.s

        return output


__all__ = ["CosFace"]


# Driver
torch.manual_seed(0)
head = CosFace(8, 5)
features = torch.randn(4, 8, requires_grad=True)
targets = torch.tensor([0, 3, 3, 1])
output = head(features, targets)
loss = F.cross_entropy(output, targets)
print(output)
print(loss)
loss.backward()
print(features.grad)
print(head.Weight.grad)
