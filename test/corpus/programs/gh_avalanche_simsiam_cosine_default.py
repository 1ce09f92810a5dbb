# Source: github.com/gned0/avalanche, avalanche/training/self_supervised_losses.py (class SimSiamLoss: an
# nn.CosineSimilarity() module as a default argument)
import torch
import torch.nn as nn

class SimSiamLoss(nn.Module):
    def __init__(self, criterion=nn.CosineSimilarity()):
        super().__init__()
        self.criterion = criterion

    def forward(self, p1, p2, z1, z2):
        # stop gradient on projections to avoid collapse
        z1 = z1.detach()
        z2 = z2.detach()
        return 0.5 * (self.criterion(p1, z2).mean() + self.criterion(p2, z1).mean())


# Driver
torch.manual_seed(0)
loss_fn = SimSiamLoss()
print(loss_fn)
p1 = torch.randn(3, 5, requires_grad=True)
p2 = torch.randn(3, 5, requires_grad=True)
z1 = torch.randn(3, 5, requires_grad=True)
z2 = torch.randn(3, 5, requires_grad=True)
loss = -loss_fn(p1, p2, z1, z2)
print(loss)
loss.backward()
print(p1.grad)
print(z1.grad)
