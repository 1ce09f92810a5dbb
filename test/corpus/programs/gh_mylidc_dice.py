# Source: github.com/ECNUpersister/MyLIDC, metric/losses.py (class DiceLoss)
import torch
import torch.nn as nn


class DiceLoss(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, input, target):
        smooth = 1e-5
        input = torch.sigmoid(input)
        num = target.size(0)
        input = input.view(num, -1)
        target = target.view(num, -1)
        intersection = (input * target)
        dice = (2. * intersection.sum(1) + smooth) / (input.sum(1) + target.sum(1) + smooth)

        return 1 - dice.sum() / num

# Driver
torch.manual_seed(0)
input = torch.randn(3, 1, 3, 3, requires_grad=True)
target = torch.randint(0, 2, (3, 1, 3, 3)).float()
loss = DiceLoss()(input, target)
print(loss)
loss.backward()
print(input.grad.sum(dim=(1, 2, 3)))
