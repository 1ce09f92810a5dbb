# Source: github.com/barisbatuhan/SSuperGAN, functional/losses/kl_loss.py at commit 51a15f41 (def kl_loss; the
# commented-out older version dropped)
import torch
import torch.nn.functional as F


def kl_loss(z, mu, std):
    p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(std))
    q = torch.distributions.Normal(mu, std)

    kl_dvergence = torch.distributions.kl.kl_divergence(q, p)
    kl_loss = kl_dvergence.sum(1).mean()
    return kl_loss

# Driver
torch.manual_seed(0)
mu = torch.randn(3, 4, requires_grad=True)
logvar = torch.randn(3, 4, requires_grad=True)
std = torch.exp(0.5 * logvar)
z = mu + std * torch.randn(3, 4)
loss = kl_loss(z, mu, std)
print(loss)
loss.backward()
print(mu.grad)
print(logvar.grad)
