# Source: github.com/Essaim/CoSTNet, utils/loss.py (class RMSELoss; `import torch` is the driver's)
import torch
import torch.nn as nn

class RMSELoss(nn.Module):
    def __init__(self):
        super(RMSELoss, self).__init__()
        self.mse_loss = nn.MSELoss(reduction='mean')

    def forward(self, truth, predict):
        return self.mse_loss(truth, predict) ** 0.5

# Driver
torch.manual_seed(0)
predict = torch.randn(2, 3, requires_grad=True)
truth = torch.randn(2, 3)
loss = RMSELoss()(truth, predict)
print(loss)
loss.backward()
print(predict.grad)
