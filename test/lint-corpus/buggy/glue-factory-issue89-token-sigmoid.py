# Loss Lens lint corpus, a buggy snippet: the pattern of https://github.com/cvg/glue-factory/issues/89
# ("self.token = nn.Sequential(nn.Linear(dim, 1), nn.Sigmoid())  # sigmoid once / nn.BCEWithLogitsLoss  # sigmoid twice"):
# here the whole token head (with its Sigmoid) feeds the logits loss. (The repository itself calls self.token[0], the
# Linear alone, which is correct: see correct/glue-factory-token-confidence.py.)
import torch
from torch import nn


class TokenConfidence(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.token = nn.Sequential(nn.Linear(dim, 1), nn.Sigmoid())
        self.loss_fn = nn.BCEWithLogitsLoss(reduction="none")

    def loss(self, desc0, correct0):
        logit0 = self.token(desc0.detach()).squeeze(-1)
        return self.loss_fn(logit0, correct0.float()).mean(-1)  # expect: sigmoid-before-bce-with-logits
