# Source: github.com/nttrung2406/Image_segmentation_using_text_prompts, weights_finetune/custom/DiceBCELoss.py
import torch

from torch import nn
from torch.nn import functional as F

class DiceBCELoss(nn.Module):
    def __init__(self, weight=None, size_average=True):
        super(DiceBCELoss, self).__init__()

    def forward(self, inputs, targets, smooth=1):
        
        BCE = F.binary_cross_entropy_with_logits(inputs, targets, reduction='mean')

        inputs = F.sigmoid(inputs)       
        
        inputs = inputs.view(-1)
        targets = targets.view(-1)
        
        intersection = (inputs * targets).sum()                            
        dice_loss = 1 - (2.*intersection + smooth)/(inputs.sum() + targets.sum() + smooth)  
        
        Dice_BCE = BCE + dice_loss
        
        return Dice_BCE

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
inputs = torch.randn(1, 1, 4, 4, requires_grad=True)
targets = (torch.rand(1, 1, 4, 4) > 0.5).float()
loss = DiceBCELoss()(inputs, targets)
print(loss)
loss.backward()
print(inputs.grad)
