# Source: github.com/ThisGame42/Deep-Learning-Models-4-Muscle-Bones-Segmentation, DeepLearning/LossFunctions/TverskyLoss.py
import torch.nn as nn
import torch.nn.functional as F
import torch


class TverskyLoss(nn.Module):
    def __init__(self, alpha, beta):
        super(TverskyLoss, self).__init__()
        self.alpha = alpha
        self.beta = beta

    def forward(self, inputs, targets, smooth=1):
        # comment out if your model contains a sigmoid or equivalent activation layer
        inputs = F.softmax(inputs, dim=1)

        # flatten label and prediction tensors
        inputs = inputs.view(-1)
        targets = targets.view(-1)

        # True Positives, False Positives & False Negatives
        TP = (inputs * targets).sum()
        FP = ((1 - targets) * inputs).sum()
        FN = (targets * (1 - inputs)).sum()

        Tversky = (TP + smooth) / (TP + self.alpha * FP + self.beta * FN + smooth)

        return 1 - Tversky

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
inputs = torch.randn(1, 3, 2, 2, requires_grad=True)
targets = F.one_hot(torch.tensor([[[0, 2], [1, 1]]]), 3).permute(0, 3, 1, 2).float().contiguous()
loss = TverskyLoss(0.5, 0.5)(inputs, targets)
print(loss)
loss.backward()
print(inputs.grad)
