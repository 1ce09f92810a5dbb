# Source: github.com/zackAemmer/generalizable_travel_times, src/models/masked_loss.py (class MaskedMSELoss)
import torch
from torch import nn

class MaskedMSELoss(nn.Module):
    def __init__(self):
        super(MaskedMSELoss, self).__init__()
        self.mse_loss = nn.MSELoss(reduction='none')

    def forward(self, input, target, mask):
        loss = self.mse_loss(input, target)
        loss = (loss * mask.float()).sum()
        num_non_padded = mask.float().sum()
        loss = loss / num_non_padded
        return loss

# Driver (the `import torch` line is the driver's): padded sequences with a bool mask
torch.manual_seed(0)
input = torch.randn(2, 5, requires_grad=True)
target = torch.randn(2, 5)
lengths = torch.tensor([3, 5])
mask = torch.arange(5).unsqueeze(0) < lengths.unsqueeze(1)
loss = MaskedMSELoss()(input, target, mask)
print(loss)
loss.backward()
print(input.grad)
