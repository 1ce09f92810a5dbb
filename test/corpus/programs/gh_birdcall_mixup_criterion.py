# Source: github.com/TheoViel/kaggle_birdcall_identification, src/training/mixup.py (def mixup_criterion)
import torch
import numpy as np


def mixup_criterion(criterion, pred, y_a, y_b, lam):
    return lam * criterion(pred, y_a) + (1 - lam) * criterion(pred, y_b)

# Driver: multi-label birdcall targets with BCEWithLogitsLoss, a fixed lam
torch.manual_seed(0)
pred = torch.randn(2, 3, requires_grad=True)
y_a = torch.tensor([[1., 0., 0.], [0., 1., 1.]])
y_b = torch.tensor([[0., 0., 1.], [1., 0., 0.]])
loss = mixup_criterion(torch.nn.BCEWithLogitsLoss(), pred, y_a, y_b, 0.6)
print(loss)
loss.backward()
print(pred.grad)
