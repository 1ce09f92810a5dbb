# Source: github.com/Minhan-Bae/FLD-scratch, src/loss/wingloss.py (class WingLoss, whole file)
import torch
import torch.nn as nn
import math


class WingLoss(nn.Module):
    def __init__(self, omega=10, epsilon=2):
        super(WingLoss, self).__init__()
        self.omega = omega
        self.epsilon = epsilon
        self.log_term = math.log(1 + self.omega / self.epsilon)

    def forward(self, pred, target, kp=False):
        n_points = pred.shape[2]
        pred = pred.transpose(1,2).contiguous().view(-1, 2*n_points)
        target = target.transpose(1,2).contiguous().view(-1, 2*n_points)
        y = target
        y_hat = pred
        delta_y = (y - y_hat).abs()
        delta_y1 = delta_y[delta_y < self.omega]
        delta_y2 = delta_y[delta_y >= self.omega]
        loss1 = self.omega * torch.log(1 + delta_y1 / self.epsilon)
        C = self.omega - self.omega * self.log_term
        loss2 = delta_y2 - C
        return (loss1.sum() + loss2.sum()) / (len(loss1) + len(loss2))

# Driver: (batch, 2, points)
torch.manual_seed(0)
pred = (torch.randn(2, 2, 3) * 8).requires_grad_()
target = torch.zeros(2, 2, 3)
loss = WingLoss()(pred, target)
print(loss)
loss.backward()
print(pred.grad)
