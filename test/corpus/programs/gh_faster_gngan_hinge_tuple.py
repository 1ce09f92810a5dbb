# Source: github.com/basiclab/Faster-GNGAN-PyTorch, gans/common/losses.py (class HingeLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F


class HingeLoss(nn.Module):
    def forward(self, pred_real, pred_fake=None):
        if pred_fake is not None:
            loss_real = F.relu(1 - pred_real).mean()
            loss_fake = F.relu(1 + pred_fake).mean()
            loss = loss_real + loss_fake
            return loss, loss_real, loss_fake
        else:
            loss = -pred_real.mean()
            return loss


# Driver: the discriminator step returns a tuple, the generator step a tensor
torch.manual_seed(0)
loss_fn = HingeLoss()
pred_real = torch.randn(8, 1, requires_grad=True)
pred_fake = torch.randn(8, 1, requires_grad=True)
loss, loss_real, loss_fake = loss_fn(pred_real, pred_fake)
print(loss, loss_real.item(), loss_fake.item())
loss.backward()
print(pred_real.grad.view(-1))
g_in = torch.randn(8, 1, requires_grad=True)
g_loss = loss_fn(g_in)
print(g_loss)
g_loss.backward()
print(g_in.grad.sum())
