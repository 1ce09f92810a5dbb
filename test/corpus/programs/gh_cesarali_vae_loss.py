# Source: github.com/cesarali/vae, src/vae/losses/contrastive_loss.py (def vae_loss, whole file)
import torch
from torch import nn

# Loss function: reconstruction + KL divergence losses
def vae_loss(recon_x, x, mu, logvar):
    BCE = nn.BCELoss(reduction='sum')(recon_x, x.view(-1, 784))
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return BCE + KLD

# Driver: two 28x28 images
torch.manual_seed(0)
x = torch.rand(2, 1, 28, 28)
recon_x = torch.sigmoid(torch.randn(2, 784, requires_grad=True))
mu = torch.randn(2, 8, requires_grad=True)
logvar = torch.randn(2, 8, requires_grad=True)
loss = vae_loss(recon_x, x, mu, logvar)
print(loss)
loss.backward()
print(mu.grad)
print(logvar.grad)
