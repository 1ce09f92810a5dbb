# Source: github.com/marycamila184/flaresatformer, models/utils/binary_focal_loss.py (class BinaryFocalLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F

class BinaryFocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma

    def forward(self, logits, targets):
        targets = targets.float()
        bce = F.binary_cross_entropy_with_logits(
            logits, targets, reduction="none"
        )
        probs = torch.sigmoid(logits)
        pt = torch.where(targets == 1, probs, 1 - probs)
        loss = self.alpha * (1 - pt) ** self.gamma * bce
        return loss.mean()

# Driver
torch.manual_seed(0)
logits = torch.randn(1, 1, 3, 3, requires_grad=True)
targets = (torch.rand(1, 1, 3, 3) > 0.7)
loss = BinaryFocalLoss()(logits, targets)
print(loss)
loss.backward()
print(logits.grad)
