# Source: github.com/whu-pzhang/pytorch_styleguide, losses.py (class CustomLoss, whole file)
import torch
import torch.nn as nn


class CustomLoss(nn.Module):
    def __init__(self):
        super(CustomLoss, self).__init__()

    def forward(self, x, y):
        loss = nn.functional.cross_entropy(x, y)
        return loss

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
x = torch.randn(2, 3, requires_grad=True)
y = torch.tensor([2, 0])
criterion = CustomLoss()
loss = criterion(x, y)
print(loss)
loss.backward()
print(x.grad)
