# Source: github.com/robotics-laboratory/handy, segmentation/loss.py (class DiceLoss)
import torch.nn as nn
import torch

class DiceLoss(nn.Module):
    def __init__(self):
        super(DiceLoss, self).__init__()
        self.smooth = 1.0
    
    def forward(self, pred_mask, target):
        pred = torch.sigmoid(pred_mask)
        pred = pred.contiguous().view(-1)
        target = target.contiguous().view(-1)
        intersection = (pred * target).sum()
        return 1. - ((2. * intersection + self.smooth) / (pred.sum() + target.sum() + self.smooth))

# Driver
torch.manual_seed(0)
pred_mask = torch.randn(1, 1, 5, 5, requires_grad=True)
target = torch.zeros(1, 1, 5, 5)
target[:, :, 1:4, 1:4] = 1
loss = DiceLoss()(pred_mask, target)
print(loss.item())
loss.backward()
print(pred_mask.grad)
