# Source: github.com/rosinality/stylegan2-pytorch, train.py (d_logistic_loss, g_nonsaturating_loss, and accumulate,
# the EMA of the generator's parameters with the deprecated add_(alpha, other) form)
import torch
import torch.nn as nn
from torch.nn import functional as F


def accumulate(model1, model2, decay=0.999):
    par1 = dict(model1.named_parameters())
    par2 = dict(model2.named_parameters())

    for k in par1.keys():
        par1[k].data.mul_(decay).add_(1 - decay, par2[k].data)


def d_logistic_loss(real_pred, fake_pred):
    real_loss = F.softplus(-real_pred)
    fake_loss = F.softplus(fake_pred)

    return real_loss.mean() + fake_loss.mean()


def g_nonsaturating_loss(fake_pred):
    loss = F.softplus(-fake_pred).mean()

    return loss


# Driver: discriminator logits, then the generator's loss and an EMA step on two small parameter sets
torch.manual_seed(0)
real_pred = torch.randn(4, 1, requires_grad=True)
fake_pred = torch.randn(4, 1, requires_grad=True)
d_loss = d_logistic_loss(real_pred, fake_pred)
print(d_loss)
d_loss.backward()
print(real_pred.grad, fake_pred.grad)
g_loss = g_nonsaturating_loss(fake_pred * 3)
print(g_loss)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3))
        self.b = nn.Parameter(torch.zeros(2))


g_ema, generator = Tiny(), Tiny()
accumulate(g_ema, generator, 0.9)
print(g_ema.w, g_ema.b)
