# Loss Lens lint corpus, a buggy file: https://github.com/bodokaiser/piwise/blob/master/piwise/criterion.py (whole file)
import torch.nn as nn
import torch.nn.functional as F

class CrossEntropyLoss2d(nn.Module):

    def __init__(self):
        super().__init__()

        self.loss = nn.NLLLoss2d()  # expect: deprecated-nllloss2d

    def forward(self, outputs, targets):
        return self.loss(F.log_softmax(outputs), targets)
