# Source: github.com/nathanwbailey/msc_project, part_2_decoder/simclr_decoder_group_norm_final_stage/loss.py (class BarlowTwinsLoss)
import torch


class BarlowTwinsLoss(torch.nn.Module):
    def __init__(self, scale_factor=1, lambd=0.5, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale_factor = scale_factor
        self.lambd = lambd

    def off_diagonal(self, x):
        n, m = x.shape
        assert n == m
        return x.flatten()[:-1].view(n - 1, n + 1)[:, 1:].flatten()

    def forward(self, z1, z2):
        c = z1.T @ z2
        c.div_(z1.shape[0])
        on_diag = torch.diagonal(c).add_(-1).pow_(2).sum()
        off_diag = self.off_diagonal(c).pow_(2).sum()
        loss = self.scale_factor * (on_diag + self.lambd * off_diag)
        return loss

# Driver
torch.manual_seed(0)
z1 = torch.randn(4, 3, requires_grad=True)
z2 = torch.randn(4, 3, requires_grad=True)
loss = BarlowTwinsLoss()(z1, z2)
print(loss)
loss.backward()
print(z1.grad)
