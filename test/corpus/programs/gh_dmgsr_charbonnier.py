# Source: github.com/LuoYangSunTian/dmgsr, loss/Charbonnier.py (class Charbonnier, whole file)
import torch


class Charbonnier(torch.nn.Module):
    def __init__(self):
        super(Charbonnier, self).__init__()
        self.eps = 1e-6

    def forward(self, X, Y):
        diff = torch.add(X, -Y)
        error = torch.sqrt(diff * diff + self.eps)
        loss = torch.mean(error)
        return loss

# Driver
torch.manual_seed(0)
X = torch.rand(1, 3, 4, 4, requires_grad=True)
Y = torch.rand(1, 3, 4, 4)
loss = Charbonnier()(X, Y)
print(loss)
loss.backward()
print(X.grad[0, 0])
