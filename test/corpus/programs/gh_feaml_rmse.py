# Source: github.com/louisabraham/feaml, utils.py (class RMSELoss)
import torch
from torch import nn


class RMSELoss(torch.nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, y):
        criterion = nn.MSELoss()
        loss = torch.sqrt(criterion(x, y))
        return loss

# Driver: a perfect prediction, no eps (PyTorch's gradient is nan)
y = torch.tensor([0.5, -1.5])
x = y.clone().requires_grad_(True)
loss = RMSELoss()(x, y)
print(loss)
loss.backward()
print(x.grad)
