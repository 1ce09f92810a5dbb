# Source: github.com/SWJTU-3DVision/LAG-Net, lagnet/loss/center_loss.py (class CenterLoss, whole file)

import torch
from torch import nn
from torch.nn import functional as F

class CenterLoss(nn.Module):
    def __init__(self):
        super(CenterLoss, self).__init__()
        self.l2_loss = nn.MSELoss(reduction='sum')

    def forward(self, outputs, targets):
        return self.l2_loss(outputs, targets) / outputs.size(0)

# Driver
torch.manual_seed(0)
outputs = torch.randn(3, 4, requires_grad=True)
targets = torch.randn(3, 4)
loss = CenterLoss()(outputs, targets)
print(loss)
loss.backward()
print(outputs.grad)
