# Source: github.com/MyGodItsFull0fStars/alibaba_clusterdata, cluster-trace-gpu-v2020/prediction/loss_classes.py (class RMSELoss)
import torch
import torch.nn as nn


class RMSELoss(nn.Module):
    def __init__(self, eps=1e-6):
        super().__init__()
        self.mse = nn.MSELoss()
        self.eps = eps

    def forward(self, y_pred, y):
        loss = torch.sqrt(self.mse(y_pred, y) + self.eps)
        return loss

# Driver: a perfect prediction (the eps keeps the gradient finite)
y = torch.tensor([1.0, 2.0, 3.0])
y_pred = y.clone().requires_grad_(True)
loss = RMSELoss()(y_pred, y)
print(loss)
loss.backward()
print(y_pred.grad)
