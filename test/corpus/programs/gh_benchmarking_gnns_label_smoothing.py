# Source: github.com/sejunssi/benchmarking_gnns, utils/loss.py (class LabelSmoothingLoss, `__index__` as written)
import torch
from torch import nn

class LabelSmoothingLoss(nn.Module):
    def __index__(self):
        super(LabelSmoothingLoss, self).__init__()

    def forward(self, pred, label):
        return torch.mean((-label * nn.LogSoftmax(dim=1)(pred)).mean(dim=0))

# Driver: soft labels
torch.manual_seed(0)
pred = torch.randn(4, 3, requires_grad=True)
label = torch.softmax(torch.randn(4, 3), dim=1)
loss = LabelSmoothingLoss()(pred, label)
print(loss)
loss.backward()
print(pred.grad)
