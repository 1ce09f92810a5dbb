# Source: github.com/xansar/JIFR, model/loss.py (class BPRLoss)
# import lib
import torch
import torch.nn as nn
from torch.nn import MSELoss, CrossEntropyLoss, BCELoss
class BPRLoss(nn.Module):
    def __init__(self, reduction='mean'):
        self.reduction = reduction
        super(BPRLoss, self).__init__()

    def forward(self, pos_score, neg_score):
        if self.reduction == 'mean':
            reduce_func = torch.mean
        elif self.reduction == 'sum':
            reduce_func = torch.sum
        loss = reduce_func((-torch.log(torch.sigmoid(pos_score - neg_score).clamp(min=1e-8))).clamp(max=20))
        return loss

# Driver: one pair far on the wrong side (the clamps bite)
pos_score = torch.tensor([2.0, -30.0, 0.5], requires_grad=True)
neg_score = torch.tensor([1.0, 0.0, 0.5])
for reduction in ['mean', 'sum']:
    print(reduction, BPRLoss(reduction)(pos_score, neg_score))
loss = BPRLoss()(pos_score, neg_score)
loss.backward()
print(pos_score.grad)
