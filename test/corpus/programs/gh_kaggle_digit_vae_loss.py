# Source: github.com/cfr2ak/KaggleSolutions, digit-recognizer/python/vae/loss.py (def loss_function, whole file)
import torch
from torch import optim
from torch.nn import functional as F


def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction='sum')

    # 0.5 * sum(1 + log(sigma^2) - mu^2 -sigma^2)
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    return BCE + KLD

# Driver
torch.manual_seed(0)
logits = torch.randn(1, 784, requires_grad=True)
x = torch.rand(1, 28, 28)
mu = torch.zeros(1, 4, requires_grad=True)
logvar = torch.zeros(1, 4, requires_grad=True)
loss = loss_function(torch.sigmoid(logits), x, mu, logvar)
print(loss)
loss.backward()
print(logits.grad.abs().max())
print(mu.grad, logvar.grad)
