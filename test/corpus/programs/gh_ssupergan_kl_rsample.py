# Source: github.com/barisbatuhan/SSuperGAN, functional/losses/kl_loss.py at commit 3cc04073 (def kl_loss, whole
# file; an earlier version of the file that gh_ssupergan_kl_divergence_normal.py takes later)
import torch.nn as nn
import torch
import torch.nn.functional as F


def kl_loss(mu, std):
    """
    Retrieved from:
    https://towardsdatascience.com/variational-autoencoder-demystified-with-pytorch-implementation-3a06bee395ed
    """
    
    z = torch.distributions.Normal(mu, std).rsample()
    p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(std))
    q = torch.distributions.Normal(mu, std)
    
    log_qzx = q.log_prob(z)
    log_pz = p.log_prob(z)
    
    return (log_qzx - log_pz).sum(-1)

# Driver
torch.manual_seed(0)
mu = torch.randn(3, 4, requires_grad=True)
logvar = torch.randn(3, 4, requires_grad=True)
std = torch.exp(0.5 * logvar)
loss = kl_loss(mu, std).mean()
print(loss)
loss.backward()
print(mu.grad)
print(logvar.grad)
