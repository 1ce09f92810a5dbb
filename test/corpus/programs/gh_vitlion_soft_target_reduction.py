# Source: github.com/riverstone496/vitlion, utils/loss.py (class SoftTargetCrossEntropy)
import torch
import torch.nn as nn
import torch.nn.functional as F

class SoftTargetCrossEntropy(nn.Module):
    def __init__(self, reduction='mean'):
        super(SoftTargetCrossEntropy, self).__init__()
        self.reduction = reduction

    def forward(self, x: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        loss = torch.sum(-target * F.log_softmax(x, dim=-1), dim=-1)

        if self.reduction == 'mean':
            return loss.mean()
        elif self.reduction == 'sum':
            return loss.sum()
        else:
            raise ValueError("Invalid reduction option. Only 'mean' and 'sum' are supported.")

# Driver: 'sum', then 'none' (not supported by this class: it raises)
torch.manual_seed(0)
x = torch.randn(2, 3, requires_grad=True)
target = torch.tensor([[0.9, 0.05, 0.05], [0.05, 0.05, 0.9]])
loss = SoftTargetCrossEntropy(reduction='sum')(x, target)
print(loss)
loss.backward()
print(x.grad)
print(SoftTargetCrossEntropy(reduction='none')(x, target))
