# Source: github.com/aaswat0104/UNet-MedSkin-Facial-Region-Segmentation-Using-Custom-UNet, losses/custom_loss.py
import torch
import torch.nn as nn
import torch.nn.functional as F

class DiceBCELoss(nn.Module):
    def __init__(self):
        super(DiceBCELoss, self).__init__()

    def forward(self, inputs, targets, smooth=1):
        inputs = torch.sigmoid(inputs)
        inputs = inputs.view(-1)
        targets = targets.view(-1)

        intersection = (inputs * targets).sum()
        dice = (2. * intersection + smooth) / (inputs.sum() + targets.sum() + smooth)
        bce = F.binary_cross_entropy(inputs, targets)

        return 0.5 * bce + 0.5 * (1 - dice)

# Driver: a non-contiguous target (a transposed mask): view(-1) raises as in PyTorch
torch.manual_seed(0)
inputs = torch.randn(1, 1, 3, 2, requires_grad=True)
targets = (torch.rand(1, 1, 2, 3) > 0.5).float().transpose(2, 3)
loss = DiceBCELoss()(inputs, targets)
print(loss)
