# Source: github.com/HongHanh2104/segmentation, losses/bce.py (BCEWithLogitsLoss, WeightedBCEWithLogitsLoss)
import torch
import torch.nn as nn

class BCEWithLogitsLoss(nn.Module):
    def __init__(self, **kwargs):
        super().__init__()
        self.loss = nn.BCEWithLogitsLoss(**kwargs)

    def __call__(self, output, target):
        target = target.type_as(output)
        return self.loss(output, target.unsqueeze(1))

class WeightedBCEWithLogitsLoss(BCEWithLogitsLoss):
    def __init__(self, beta, **kwargs):
        if isinstance(beta, (float,int)):
            self.beta = torch.Tensor([beta])
        if isinstance(beta, list):
            self.beta = torch.Tensor(beta)
        super().__init__(pos_weight=self.beta, **kwargs)

# Driver: (N, H, W) integer masks, (N, 1, H, W) logits
torch.manual_seed(0)
output = torch.randn(2, 1, 2, 2, requires_grad=True)
target = torch.tensor([[[1, 0], [0, 1]], [[0, 0], [1, 1]]])
criterion = WeightedBCEWithLogitsLoss(beta=3.0)
loss = criterion(output, target)
print(loss)
loss.backward()
print(output.grad)
