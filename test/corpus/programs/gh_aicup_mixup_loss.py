# Source: github.com/jeffzhux/AICUP_fall, losses/loss.py (class MixUpLoss, whole file)
import torch
import torch.nn as nn


class MixUpLoss(nn.Module):
    def __init__(self) -> None:
        super(MixUpLoss, self).__init__()
        self.criterion = nn.CrossEntropyLoss()
    def forward(self, pred, y_a, y_b, lam):
        return lam * self.criterion(pred, y_a) + (1 - lam) * self.criterion(pred, y_b)

# Driver (the `import torch` line is the driver's): lam drawn as a tensor
torch.manual_seed(0)
pred = torch.randn(3, 5, requires_grad=True)
y_a = torch.tensor([1, 2, 3])
y_b = torch.tensor([4, 0, 3])
lam = torch.tensor(0.25)
loss = MixUpLoss()(pred, y_a, y_b, lam)
print(loss)
loss.backward()
print(pred.grad)
