# Source: github.com/rosinality/stylegan2-pytorch, train.py (d_r1_loss: the R1 penalty, torch.autograd.grad with
# create_graph=True); the driver's discriminator is a fixed quadratic, as train() calls it on real_pred
import torch
from torch import autograd


def d_r1_loss(real_pred, real_img):
    grad_real, = autograd.grad(
        outputs=real_pred.sum(), inputs=real_img, create_graph=True
    )
    grad_penalty = (grad_real.view(grad_real.shape[0], -1).norm(2, dim=1) ** 2).mean()

    return grad_penalty


# Driver: real images that require grad, a discriminator score, then (r1 / 2 * r1_loss * d_reg_every).backward()
torch.manual_seed(0)
real_img = torch.randn(2, 1, 3, 3)
real_img.requires_grad = True
w = torch.randn(1, 1, 3, 3, requires_grad=True)
real_pred = (real_img * w).pow(2).sum(dim=(1, 2, 3))
print(real_pred)
r1_loss = d_r1_loss(real_pred, real_img)
print(r1_loss)
(10 / 2 * r1_loss * 16).backward()
print(w.grad)
