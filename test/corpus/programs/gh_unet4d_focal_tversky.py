# Source: github.com/Ti-Yao/UNet4D-PyTorch, losses.py (class FocalTverskyLoss)
import torch
import torch.nn as nn

class FocalTverskyLoss(nn.Module):
    def __init__(self, alpha=0.7, beta=0.3, gamma=0.75, smooth=1e-6):
        super(FocalTverskyLoss, self).__init__()
        self.smooth = smooth
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma

    def forward(self, pred, target):
        # flatten tensors
        pred = pred.view(-1)
        target = target.view(-1)

        # True Positives, False Positives, False Negatives
        TP = (pred * target).sum()
        FP = ((1 - target) * pred).sum()
        FN = (target * (1 - pred)).sum()

        tversky = (TP + self.smooth) / (TP + self.alpha * FP + self.beta * FN + self.smooth)
        loss = (1 - tversky) ** self.gamma

        return loss

# Driver: probabilities in
torch.manual_seed(0)
pred = torch.rand(1, 1, 2, 3, 3, requires_grad=True)
target = (torch.rand(1, 1, 2, 3, 3) > 0.6).float()
loss = FocalTverskyLoss()(pred, target)
print(loss)
loss.backward()
print(pred.grad[0, 0, 0])
