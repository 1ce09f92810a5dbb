# Source: github.com/yohann84L/plant_pathology_2020, losses/mixup.py (class MixupCriterion, whole file)
import torch
import torch.nn as nn

class MixupCriterion(object):
    def __call__(self, criterion, pred, y_a, y_b, lam):
        return lam * criterion(pred, y_a) + (1 - lam) * criterion(pred, y_b)

# Driver (imports are the driver's)
torch.manual_seed(0)
pred = torch.randn(4, 4, requires_grad=True)
y_a = torch.tensor([0, 1, 2, 3])
y_b = torch.tensor([3, 3, 0, 1])
loss = MixupCriterion()(nn.CrossEntropyLoss(), pred, y_a, y_b, 0.7)
print(loss)
loss.backward()
print(pred.grad)
