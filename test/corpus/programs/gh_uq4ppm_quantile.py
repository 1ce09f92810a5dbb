# Source: github.com/keyvan-amiri/UQ4PPM, loss/QuantileLoss.py (class QuantileLoss, whole file)
import torch
   
class QuantileLoss(torch.nn.Module):
    def __init__(self):
        super(QuantileLoss, self).__init__()

    def forward(self, yhat, y, tau):
        diff = yhat - y
        mask = (diff.ge(0).float() - tau).detach()
        return (mask * diff).mean()

# Driver
torch.manual_seed(0)
yhat = torch.randn(6, requires_grad=True)
y = torch.randn(6)
loss = QuantileLoss()(yhat, y, 0.9)
print(loss)
loss.backward()
print(yhat.grad)
