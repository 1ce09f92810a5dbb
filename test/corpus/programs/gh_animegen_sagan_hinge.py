# Source: github.com/aandyw/AnimeGen, SAGAN/losses.py (loss_hinge_dis, loss_hinge_gen)
import torch
import torch.nn.functional as F


# Hinge loss
def loss_hinge_dis(d_real, d_fake):
    d_loss_real = torch.mean(F.relu(1.0 - d_real))
    d_loss_fake = torch.mean(F.relu(1.0 + d_fake))
    return d_loss_real, d_loss_fake


def loss_hinge_gen(d_fake):
    g_loss_fake = -torch.mean(d_fake)
    return g_loss_fake


# Driver: discriminator scores for a batch of real and generated images
torch.manual_seed(0)
d_real = torch.randn(6, 1, requires_grad=True)
d_fake = torch.randn(6, 1, requires_grad=True)
d_loss_real, d_loss_fake = loss_hinge_dis(d_real, d_fake)
d_loss = d_loss_real + d_loss_fake
print(d_loss_real, d_loss_fake)
print(d_loss)
d_loss.backward()
print(d_real.grad)
print(d_fake.grad)
g_loss = loss_hinge_gen(d_fake)
print(g_loss)
