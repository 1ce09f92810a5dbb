# Source: github.com/QuocThinh73/music_generation, training/utils.py (def loss_function)
import torch
import torch.nn as nn

def loss_function(recon_x, x, mu, logvar):
    recon_loss = nn.functional.mse_loss(recon_x, x, reduction='sum')
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return recon_loss + KLD

# Driver
torch.manual_seed(0)
recon_x = torch.randn(2, 5, requires_grad=True)
x = torch.randn(2, 5)
mu = torch.randn(2, 2, requires_grad=True)
logvar = torch.randn(2, 2, requires_grad=True)
loss = loss_function(recon_x, x, mu, logvar)
print(loss)
loss.backward()
print(recon_x.grad)
print(mu.grad)
