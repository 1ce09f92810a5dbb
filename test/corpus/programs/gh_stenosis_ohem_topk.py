# Source: github.com/chrislee2012/CoronaryArteryStenosLevelClassification, losses.py (class OHEMLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F

class OHEMLoss(nn.Module):
    def __init__(self, k=1):
        super(OHEMLoss, self).__init__()
        self.k = k

    def forward(self, y_pred, y_true):
        loss = F.cross_entropy(y_pred, y_true, reduction='none')
        _, idxs = loss.topk(self.k)
        return loss[idxs].mean()

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
y_pred = torch.randn(5, 3, requires_grad=True)
y_true = torch.tensor([0, 1, 2, 1, 0])
loss = OHEMLoss(k=2)(y_pred, y_true)
print(loss)
loss.backward()
print(y_pred.grad)
