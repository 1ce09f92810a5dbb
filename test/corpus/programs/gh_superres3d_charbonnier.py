# Source: github.com/mbakhtiyari1997/SuperResolution-3D, losses/charbonnier.py (class CharbonnierLoss, whole file)
import torch

class CharbonnierLoss(torch.nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, x, y):
        return torch.mean(torch.sqrt((x - y)**2 + self.eps))

# Driver: float64 volumes
torch.manual_seed(0)
x = torch.rand(1, 1, 2, 3, 3, dtype=torch.float64, requires_grad=True)
y = torch.rand(1, 1, 2, 3, 3, dtype=torch.float64)
loss = CharbonnierLoss()(x, y)
print(loss)
loss.backward()
print(x.grad)
