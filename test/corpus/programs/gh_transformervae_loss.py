# Source: github.com/Tonyhrule/TransformerVAE, loss_functions.py (def vae_loss_function, whole file)
import torch

def vae_loss_function(recon_x, x, mu, logvar):
    BCE = torch.nn.functional.binary_cross_entropy(recon_x, x, reduction='sum')
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return BCE + KLD

# Driver
torch.manual_seed(0)
recon_x = torch.rand(2, 6, requires_grad=True)
x = torch.rand(2, 6)
mu = torch.randn(2, 3, requires_grad=True)
logvar = torch.randn(2, 3, requires_grad=True)
loss = vae_loss_function(recon_x, x, mu, logvar)
print(loss)
loss.backward()
print(recon_x.grad)
print(logvar.grad)
