# Source: github.com/xico2001pt/exploring-label-efficiency, src/core/losses.py (class CrossEntropyLoss(nn.CrossEntropyLoss))
import torch
import torch.nn as nn


class CrossEntropyLoss(nn.CrossEntropyLoss):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def forward(self, input, target):
        loss = super().forward(input, target)
        return {"total": loss}

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
criterion = CrossEntropyLoss(label_smoothing=0.1, reduction='sum')
input = torch.randn(3, 4, requires_grad=True)
target = torch.tensor([0, 3, 2])
losses = criterion(input, target)
print(losses)
losses["total"].backward()
print(input.grad)
print(criterion.reduction, criterion.label_smoothing)
