# Source: github.com/BloodAxe/pytorch-toolbelt, pytorch_toolbelt/losses/quality_focal_loss.py (whole file; docstring
# dropped).
import torch
from torch import nn, Tensor


class QualityFocalLoss(nn.Module):
    def __init__(self, beta: float = 2, reduction="mean"):
        super().__init__()
        self.beta = beta
        self.reduction = reduction

    @torch.cuda.amp.autocast(False)
    def forward(self, predictions: Tensor, targets: Tensor) -> Tensor:
        bce = torch.nn.functional.binary_cross_entropy_with_logits(predictions, targets, reduction="none")
        focal_term = torch.nn.functional.l1_loss(predictions.sigmoid(), targets, reduction="none").pow_(self.beta)
        loss = focal_term * bce

        if self.reduction == "mean":
            return loss.mean()
        if self.reduction == "sum":
            return loss.sum()
        return loss


# Driver
torch.manual_seed(0)
logits = torch.randn(2, 3, 4, requires_grad=True)
quality = torch.rand(2, 3, 4) * (torch.rand(2, 3, 4) > 0.6)
criterion = QualityFocalLoss(beta=2)
loss = criterion(logits, quality)
print(loss)
print(QualityFocalLoss(reduction="none")(logits, quality)[0])
loss.backward()
print(logits.grad[1])
