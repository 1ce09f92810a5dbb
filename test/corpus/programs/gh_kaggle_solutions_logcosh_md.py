# Source: github.com/curtischong/kaggle-solutions-old, eval-functions/LogCosh.md (the code block)
import torch
import torch.nn as nn

class LogCoshLoss(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, y_prime_t, y_t):
        ey_t = (y_t - y_prime_t)/3 # divide by 3 to avoid numerical overflow in cosh
        return torch.mean(torch.log(torch.cosh(ey_t + 1e-12)))

# Driver: large errors
torch.manual_seed(0)
y_prime_t = (torch.randn(4) * 100).requires_grad_()
y_t = torch.zeros(4)
loss = LogCoshLoss()(y_prime_t, y_t)
print(loss)
loss.backward()
print(y_prime_t.grad)
