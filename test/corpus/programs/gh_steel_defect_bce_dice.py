# Source: github.com/tsyncIO/Industrial-Defect-Segmentation, steel_defect/models/losses.py (DiceLoss, BCEDiceLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F

class DiceLoss(nn.Module):
    def __init__(self, smooth=1.0):
        super().__init__()
        self.smooth = smooth
        
    def forward(self, pred, target):
        pred = pred.sigmoid()
        intersection = (pred * target).sum()
        dice = (2. * intersection + self.smooth) / (
            pred.sum() + target.sum() + self.smooth)
        return 1 - dice

class BCEDiceLoss(nn.Module):
    def __init__(self):
        super().__init__()
        self.bce = nn.BCEWithLogitsLoss()
        self.dice = DiceLoss()
        
    def forward(self, pred, target):
        return self.bce(pred, target) + self.dice(pred, target)

# Driver: 4 defect classes
torch.manual_seed(0)
pred = torch.randn(1, 4, 2, 3, requires_grad=True)
target = (torch.rand(1, 4, 2, 3) > 0.8).float()
criterion = BCEDiceLoss()
loss = criterion(pred, target)
print(loss)
loss.backward()
print(pred.grad[0, 0])
