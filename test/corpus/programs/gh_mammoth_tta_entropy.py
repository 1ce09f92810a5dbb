# Source: github.com/grupposimo/mammoth_tta, utils/tta.py (class EntropyLoss)
import torch
import torch.nn as nn

class EntropyLoss(nn.Module):
    def __init__(self):
        super(EntropyLoss, self).__init__()

    def forward(self, x):
        return torch.mean(-(x.softmax(1) * x.log_softmax(1)).sum(1), 0)

# Driver: test-time adaptation on a batch of logits
torch.manual_seed(0)
x = torch.randn(4, 3, requires_grad=True)
loss = EntropyLoss()(x)
print(loss)
loss.backward()
print(x.grad)
