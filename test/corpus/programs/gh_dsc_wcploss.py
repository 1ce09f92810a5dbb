# Source: github.com/stevewongv/DSC-PyTorch, utils.py (class MyWcploss)

import torch
import torch.nn.functional as F
from torch import nn


class MyWcploss(nn.Module):
    def __init__(self):
        super(MyWcploss, self).__init__()


    def forward(self, pred, gt):
        eposion = 1e-10
        sigmoid_pred = torch.sigmoid(pred)
        count_pos = torch.sum(gt)*1.0+eposion
        count_neg = torch.sum(1.-gt)*1.0
        beta = count_neg/count_pos
        beta_back = count_pos / (count_pos + count_neg)


        bce1 = nn.BCEWithLogitsLoss(pos_weight=beta)
        loss = beta_back*bce1(pred, gt)

        return loss

# Driver: a shadow mask with few positives
torch.manual_seed(0)
pred = torch.randn(1, 1, 4, 4, requires_grad=True)
gt = torch.zeros(1, 1, 4, 4)
gt[0, 0, 1:3, 1] = 1.0
loss = MyWcploss()(pred, gt)
print(loss)
loss.backward()
print(pred.grad)
