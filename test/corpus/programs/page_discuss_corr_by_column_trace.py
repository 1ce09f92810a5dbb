# Source: https://discuss.pytorch.org/t/custom-loss-correlation-by-column/168137 (the question's cov and class Corr;
# indentation restored, imports and driver are ours)
import torch
import torch.nn as nn

def cov(x, y):
    x_bar = x - x.mean(axis=0)
    y_bar = y - y.mean(axis=0)
    N = x_bar.shape[0]
    return (y_bar.T @ x_bar).T / (N - 1)

class Corr(nn.Module):
    def __init__(self, device, eps=1e-5):
        super(Corr, self).__init__()
        self.device = device
        self.eps = eps

    def forward(self, x, y, params):

        loss = 0
        for i in range(x.shape[0]):
            xi = x[i, :, :]
            yi = y[i, :, :]
            C_yy = cov(yi, yi)
            C_yx = cov(yi, xi)
            C_xx = cov(xi, xi)

            C_yy = C_yy + \
                torch.eye(C_yy.shape[0], device=self.device) * self.eps
            C_xx = C_xx + \
                torch.eye(C_xx.shape[0], device=self.device) * self.eps

            M = torch.linalg.multi_dot([torch.inverse(C_yy),
                                        C_yx,
                                        torch.inverse(C_xx),
                                        C_yx.T])

            loss += torch.trace(M)

        return (loss/x.shape[0])

# Driver
torch.manual_seed(0)
x = torch.randn(2, 5, 2, requires_grad=True)
y = torch.randn(2, 5, 2)
loss = Corr('cpu')(x, y, None)
print(loss)
loss.backward()
print(x.grad)
