# Source: github.com/ivan-chai/exact, mdn-metric/src/mdn_metric/criterion/polyloss.py (class Poly1CrossEntropyLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class Poly1CrossEntropyLoss(nn.Module):
    def __init__(self,
                 epsilon: float = 1.0,
                 reduction: str = "none",
                 weight: Tensor = None):
        super(Poly1CrossEntropyLoss, self).__init__()
        self.epsilon = epsilon
        self.reduction = reduction
        self.weight = weight

    def forward(self, logits, labels):
        num_classes = logits.size(-1)
        labels_onehot = F.one_hot(labels, num_classes=num_classes).to(device=logits.device,
                                                                      dtype=logits.dtype)
        pt = torch.sum(labels_onehot * F.softmax(logits, dim=-1), dim=-1)
        ce = F.cross_entropy(input=logits,
                             target=labels,
                             reduction='none',
                             weight=self.weight)
        poly1 = ce + self.epsilon * (1 - pt)
        if self.reduction == "mean":
            poly1 = poly1.mean()
        elif self.reduction == "sum":
            poly1 = poly1.sum()
        else:
            assert self.reduction == "none"
        return poly1

# Driver (docstrings dropped)
torch.manual_seed(0)
logits = torch.randn(3, 4, requires_grad=True)
labels = torch.tensor([3, 0, 1])
print(Poly1CrossEntropyLoss()(logits, labels))
loss = Poly1CrossEntropyLoss(epsilon=2.0, reduction="mean")(logits, labels)
print(loss)
loss.backward()
print(logits.grad)
