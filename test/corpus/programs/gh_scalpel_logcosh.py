# Source: github.com/JalexDooo/SCALPEL, loss_functions/log_cosh.py (class LogCoshLoss(_Loss), whole file)

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.modules.loss import _Loss

class LogCoshLoss(_Loss):
    def __init__(self):
        super(LogCoshLoss, self).__init__()

    def forward(self, y_t, y_prime_t):
        ey_t = y_t - y_prime_t
        return torch.mean(torch.log(torch.cosh(ey_t + 1e-12)))

# Driver
torch.manual_seed(0)
y_t = torch.randn(6, requires_grad=True)
y_prime_t = torch.randn(6)
criterion = LogCoshLoss()
print(criterion.reduction)
loss = criterion(y_t, y_prime_t)
print(loss)
loss.backward()
print(y_t.grad)
