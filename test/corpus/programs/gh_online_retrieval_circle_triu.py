# Source: github.com/interestingzhuo/OnlinePruductRetrieval, criteria/circle.py (class Criterion, circle loss); the
# file's `import batchminer` and the module constants built from it are replaced by the stand-ins below
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

ALLOWED_MINING_OPS  = []
REQUIRES_BATCHMINER = False
REQUIRES_OPTIM      = False

### Standard Triplet Loss, finds triplets in Mini-batches.
class Criterion(torch.nn.Module):
    def __init__(self, opt, m=0.4, gamma=80):
        super(Criterion, self).__init__()
        self.m = m
        self.gamma = gamma
        self.soft_plus = nn.Softplus()
        self.name           = 'circle'

        ####
        self.ALLOWED_MINING_OPS  = ALLOWED_MINING_OPS
        self.REQUIRES_BATCHMINER = REQUIRES_BATCHMINER
        self.REQUIRES_OPTIM      = REQUIRES_OPTIM

    def convert_label_to_similarity(self,normed_feature, label):
        similarity_matrix = normed_feature @ normed_feature.transpose(1, 0)
        label_matrix = label.unsqueeze(1) == label.unsqueeze(0)

        positive_matrix = label_matrix.triu(diagonal=1)
        negative_matrix = label_matrix.logical_not().triu(diagonal=1)

        similarity_matrix = similarity_matrix.view(-1)
        positive_matrix = positive_matrix.view(-1)
        negative_matrix = negative_matrix.view(-1)
        return similarity_matrix[positive_matrix], similarity_matrix[negative_matrix]

    def forward(self, feat, lbl,  **kwargs):
        sp, sn = self.convert_label_to_similarity(feat, lbl)
        ap = torch.clamp_min(- sp.detach() + 1 + self.m, min=0.)
        an = torch.clamp_min(sn.detach() + self.m, min=0.)

        delta_p = 1 - self.m
        delta_n = self.m

        logit_p = - ap * (sp - delta_p) * self.gamma
        logit_n = an * (sn - delta_n) * self.gamma

        loss = self.soft_plus(torch.logsumexp(logit_n, dim=0) + torch.logsumexp(logit_p, dim=0))

        return loss

# Driver
torch.manual_seed(0)
feat = torch.randn(4, 3, requires_grad=True)
lbl = torch.tensor([0, 0, 1, 1])
loss = Criterion(None, gamma=4)(F.normalize(feat, dim=1), lbl)
print(loss)
loss.backward()
print(feat.grad)
