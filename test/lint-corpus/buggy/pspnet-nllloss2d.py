# Loss Lens lint corpus, a buggy file: https://github.com/mehtanihar/pspnet/blob/master/criterion.py (whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F

class CrossEntropyLoss2d(nn.Module):

    def __init__(self, weight=None):
        super(CrossEntropyLoss2d, self).__init__()

        self.loss = nn.NLLLoss2d(weight)  # expect: deprecated-nllloss2d

    def forward(self, outputs, targets):
        return self.loss(F.log_softmax(outputs), targets)
