# Source: github.com/SamHamamji/wellbore_ai, src/losses/rmse.py (class RMSELoss, whole file)
import torch


class RMSELoss(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.mse_loss = torch.nn.MSELoss(reduction="mean")

    def forward(self, x, y):
        return torch.sqrt(self.mse_loss(x, y))

# Driver
torch.manual_seed(0)
x = torch.randn(8, requires_grad=True)
y = torch.randn(8)
loss = RMSELoss()(x, y)
print(loss)
loss.backward()
print(x.grad)
