# Source: github.com/sktime/pytorch-forecasting, temporal_fusion_transformer_pytorch/model/metrics.py (class QuantileLoss)
import torch
from torch import nn


class QuantileLoss(nn.Module):
    def __init__(self, quantiles):
        super().__init__()
        self.quantiles = quantiles

    def forward(self, preds, target):
        assert not target.requires_grad
        assert preds.size(0) == target.size(0)
        losses = []
        for i, q in enumerate(self.quantiles):
            errors = target - preds[..., i]
            losses.append(torch.max((q - 1) * errors, q * errors).unsqueeze(1))
        loss = torch.mean(torch.sum(torch.cat(losses, dim=1), dim=1))
        return loss

# Driver: (batch, time, quantile)
torch.manual_seed(0)
preds = torch.randn(2, 3, 3, requires_grad=True)
target = torch.randn(2, 3)
loss = QuantileLoss([0.1, 0.5, 0.9])(preds, target)
print(loss)
loss.backward()
print(preds.grad)
