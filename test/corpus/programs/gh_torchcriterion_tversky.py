# Source: github.com/TransformerTitan/torchcriterion, segmentation/tversky.py (class TverskyLoss)
import torch
import torch.nn as nn

class TverskyLoss(nn.Module):
    def __init__(self, alpha=0.5, beta=0.5, smooth=1.0):
        super().__init__()
        self.alpha = alpha
        self.beta = beta
        self.smooth = smooth

    def forward(self, inputs, targets):
        inputs = torch.sigmoid(inputs)
        inputs = inputs.view(-1)
        targets = targets.view(-1)
        TP = (inputs * targets).sum()
        FP = ((1 - targets) * inputs).sum()
        FN = (targets * (1 - inputs)).sum()
        return 1 - (TP + self.smooth) / (TP + self.alpha * FP + self.beta * FN + self.smooth)

# Driver
torch.manual_seed(0)
inputs = torch.randn(2, 1, 3, 3, requires_grad=True)
targets = torch.randint(0, 2, (2, 1, 3, 3)).float()
loss = TverskyLoss(alpha=0.7, beta=0.3)(inputs, targets)
print(loss)
loss.backward()
print(inputs.grad)
