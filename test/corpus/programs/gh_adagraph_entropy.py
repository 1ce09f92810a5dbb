# Source: github.com/mancinimassimiliano/adagraph, models/entropy_loss.py (class EntropyLoss, whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F

# Entropy loss definition
class EntropyLoss(nn.Module):
    ''' Module to compute entropy loss '''
    def __init__(self):
        super(EntropyLoss, self).__init__()

    def forward(self, x):
        b = F.softmax(x, dim=1) * F.log_softmax(x, dim=1)
        b = -1.0 * b.sum(-1).mean()
        return b

# Driver (the `import torch` line is the driver's): a confident and an uncertain sample
x = torch.tensor([[8.0, 0.0, 0.0], [0.1, 0.2, 0.3]], requires_grad=True)
loss = EntropyLoss()(x)
print(loss)
loss.backward()
print(x.grad)
