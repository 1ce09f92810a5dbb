# Loss Lens lint corpus, a buggy snippet: https://github.com/mepeichun/Efficient-Neural-Network-Bilibili/issues/1
# (the distillation loss quoted in the issue: nn.KLDivLoss() keeps the default reduction='mean')
import torch.nn as nn
import torch.nn.functional as F


def distillation(y, labels, teacher_scores, temp, alpha):
    print("teacher_scores",teacher_scores)
    return nn.KLDivLoss()(F.log_softmax(y / temp, dim=1), F.softmax(teacher_scores / temp, dim=1)) * (  # expect: kldiv-mean-reduction
            temp * temp * 2.0 * alpha) + F.cross_entropy(y, labels) * (1. - alpha)
