# Source: github.com/amjltc295/pytorch-template, model/loss.py (class CrossEntropyLoss(nn.Module), whole file)
import torch
from torch import nn


class CrossEntropyLoss(nn.Module):
    def __init__(self):
        super(CrossEntropyLoss, self).__init__()
        self.loss_fn = nn.CrossEntropyLoss()

    def forward(self, logits, target):
        return self.loss_fn(logits, target)

# Driver (the `import torch` line is the driver's): a segmentation-shaped batch
torch.manual_seed(0)
logits = torch.randn(1, 3, 2, 2, requires_grad=True)
target = torch.tensor([[[0, 1], [2, 1]]])
loss = CrossEntropyLoss()(logits, target)
print(loss)
loss.backward()
print(logits.grad)
