# Source: github.com/TransformerTitan/torchcriterion, torchcriterion/segmentation/dice.py (class DiceLoss)
import torch
import torch.nn as nn

class DiceLoss(nn.Module):
    def __init__(self, smooth=1.0):
        super().__init__()
        self.smooth = smooth

    def forward(self, inputs, targets):
        inputs = torch.sigmoid(inputs)
        inputs = inputs.view(-1)
        targets = targets.view(-1)
        intersection = (inputs * targets).sum()
        return 1 - ((2. * intersection + self.smooth) / (inputs.sum() + targets.sum() + self.smooth))

# Driver
torch.manual_seed(0)
logits = torch.randn(2, 1, 4, 4, requires_grad=True)
mask = torch.randint(0, 2, (2, 1, 4, 4)).float()
loss = DiceLoss()(logits, mask)
print(loss)
loss.backward()
print(logits.grad[0])
