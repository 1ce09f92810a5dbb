# Source: github.com/pablogiaccaglia/segmentation_pytorch, utils/customlosses.py (class FocalTverskyLoss)
import torch
# PyTorch
from torch import nn
import torch.nn.functional as F

class FocalTverskyLoss(nn.Module):
    def __init__(self, alpha = 0.5, beta = 0.5, gamma = 1, smooth = 1):
        super(FocalTverskyLoss, self).__init__()
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.smooth = smooth

    def forward(self, inputs, targets):
        # comment out if your model contains a sigmoid or equivalent activation layer
        # inputs = F.sigmoid(inputs)

        # flatten label and prediction tensors
        inputs = inputs.contiguous().view(-1)
        targets = targets.contiguous().view(-1)

        # True Positives, False Positives & False Negatives
        TP = (inputs * targets).sum()
        FP = ((1 - targets) * inputs).sum()
        FN = (targets * (1 - inputs)).sum()

        Tversky = (TP + self.smooth) / (TP + self.alpha * FP + self.beta * FN + self.smooth)
        FocalTversky = (1 - Tversky) ** self.gamma

        return FocalTversky

# Driver (the `import torch` line is the driver's): channels-last probabilities permuted to NCHW
torch.manual_seed(0)
probs = torch.softmax(torch.randn(1, 3, 3, 2), dim=-1).permute(0, 3, 1, 2).requires_grad_()
targets = torch.randint(0, 2, (1, 2, 3, 3)).float()
loss = FocalTverskyLoss(alpha=0.3, beta=0.7, gamma=2)(probs, targets)
print(loss)
loss.backward()
print(probs.grad)
