# Source: github.com/nakashimn/KaggleTemplate, src/components/loss_functions.py (class FocalLoss)
import torch
from torch import nn

################################################################################
# FocalLoss
################################################################################

class FocalLoss(nn.Module):
    def __init__(self, gamma: float = 2.0) -> None:
        super().__init__()
        self.gamma: float = gamma

    def forward(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        probas: torch.Tensor = pred.softmax(dim=1)
        loss: torch.Tensor = -(target*((1-probas)**self.gamma)*(probas.log())).mean()
        return loss

# Driver: one-hot float targets
torch.manual_seed(0)
pred = torch.randn(3, 4, requires_grad=True)
target = torch.tensor([[0., 1., 0., 0.], [1., 0., 0., 0.], [0., 0., 0., 1.]])
loss = FocalLoss()(pred, target)
print(loss)
loss.backward()
print(pred.grad)
