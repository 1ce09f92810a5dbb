# Source: github.com/ml-jku/MIM-Refiner, src/losses/basic/mse_loss.py (class MSELoss with a @staticmethod forward, whole file)
import torch
from torch import nn
import torch.nn.functional as F


class MSELoss(nn.Module):
    @staticmethod
    def forward(pred, target, reduction="mean"):
        return F.mse_loss(pred, target, reduction=reduction)

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
pred = torch.randn(2, 3, requires_grad=True)
target = torch.randn(2, 3)
loss_fn = MSELoss()
print(loss_fn(pred, target, reduction="none"))
loss = loss_fn(pred, target)
print(loss)
loss.backward()
print(pred.grad)
print(MSELoss.forward(pred, target, "sum"))
