# Source: github.com/winycg/CIRKD, losses/task.py (class SegCrossEntropyLoss, whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ['SegCrossEntropyLoss']

class SegCrossEntropyLoss(nn.Module):
    def __init__(self, ignore_index=-1, **kwargs):
        super(SegCrossEntropyLoss, self).__init__()
        self.task_loss = nn.CrossEntropyLoss(ignore_index=ignore_index)

    def forward(self, inputs, targets):
        B, H, W = targets.size()
        inputs = F.interpolate(inputs, (H, W), mode='bilinear', align_corners=True)
        return self.task_loss(inputs, targets)

# Driver
torch.manual_seed(0)
logits = torch.randn(2, 3, 4, 4, requires_grad=True)
targets = torch.randint(0, 3, (2, 8, 8))
targets[0, 0, :3] = -1
loss = SegCrossEntropyLoss(ignore_index=-1)(logits, targets)
print(loss)
loss.backward()
print(logits.grad[0, 0])
