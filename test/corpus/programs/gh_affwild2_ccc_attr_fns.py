# Source: github.com/Emilien-mipt/Aff-Wild2-Pytorch, loss.py (class CCCLoss)
import torch
import torch.nn as nn


class CCCLoss(nn.Module):
    """Class for Lin’s Concordance Correlation Coefficient."""

    def __init__(self):
        super().__init__()
        self.mean = torch.mean
        self.var = torch.var
        self.sum = torch.sum
        self.sqrt = torch.sqrt
        self.std = torch.std

    def forward(self, prediction, ground_truth):
        mean_gt = self.mean(ground_truth)
        mean_pred = self.mean(prediction)
        var_gt = self.var(ground_truth)
        var_pred = self.var(prediction)
        v_pred = prediction - mean_pred
        v_gt = ground_truth - mean_gt
        cor = self.sum(v_pred * v_gt) / (self.sqrt(self.sum(v_pred ** 2)) * self.sqrt(self.sum(v_gt ** 2)))
        sd_gt = self.std(ground_truth)
        sd_pred = self.std(prediction)
        numerator = 2 * cor * sd_gt * sd_pred
        denominator = var_gt + var_pred + (mean_gt - mean_pred) ** 2
        ccc = numerator / denominator
        return ccc

# Driver
torch.manual_seed(0)
prediction = torch.randn(5, requires_grad=True)
ground_truth = torch.randn(5)
ccc = CCCLoss()(prediction, ground_truth)
print(ccc)
loss = 1 - ccc
loss.backward()
print(prediction.grad)
