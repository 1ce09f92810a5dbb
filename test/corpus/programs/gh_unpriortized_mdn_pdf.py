# Source: github.com/yoojy31/unpriortized-autoencoder, src/network/armdn/__loss__.py (mdn_loss_fn, gaussian_pdf)
import math
import torch

def mdn_loss_fn(z, mu, sig, pi, average=True):
    p_gauss = gaussian_pdf(z, mu, sig)
    # print(p_gauss.shape)
    result = pi * p_gauss
    result = torch.sum(result, dim=2)
    result = -torch.log(result + 1e-12)
    if average:
        return torch.mean(result)
    else:
        return torch.squeeze(result)

def gaussian_pdf(z, mu, sig):
    # make |mu|=K copies of y, subtract mu, divide by sigma
    result = (z.expand_as(mu) - mu) / sig
    result = -0.5 * (result * result)
    result = torch.exp(result) / (sig * math.sqrt(2.0 * math.pi))
    return result


# Driver: latent codes z (batch 3, 4 dims) under a 5-component mixture per dimension
torch.manual_seed(0)
z = torch.randn(3, 4, 1)
mu = torch.randn(3, 4, 5, requires_grad=True)
log_sig = torch.randn(3, 4, 5, requires_grad=True)
logit_pi = torch.randn(3, 4, 5, requires_grad=True)
sig = log_sig.exp()
pi = torch.softmax(logit_pi, dim=2)
loss = mdn_loss_fn(z, mu, sig, pi)
print(loss)
loss.backward()
print(mu.grad[0])
print(logit_pi.grad[0])
print(mdn_loss_fn(z, mu, sig, pi, average=False))
