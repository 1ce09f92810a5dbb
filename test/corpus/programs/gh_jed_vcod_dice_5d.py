# Source: github.com/PK-OB/JED-VCOD, utils/losses.py (class DiceLoss)
import torch
import torch.nn as nn

class DiceLoss(nn.Module):
    def __init__(self, smooth=1e-5):
        super(DiceLoss, self).__init__()
        self.smooth = smooth

    def forward(self, pred, target):
        pred = torch.sigmoid(pred)
        intersection = (pred * target).sum(dim=(1, 2, 3, 4))
        union = pred.sum(dim=(1, 2, 3, 4)) + target.sum(dim=(1, 2, 3, 4))
        dice = (2. * intersection + self.smooth) / (union + self.smooth)
        return 1 - dice.mean()

# Driver: (batch, channel, frames, H, W) video masks
torch.manual_seed(0)
pred = torch.randn(2, 1, 2, 3, 3, requires_grad=True)
target = (torch.rand(2, 1, 2, 3, 3) > 0.5).float()
loss = DiceLoss()(pred, target)
print(loss)
loss.backward()
print(pred.grad[0, 0, 0])
