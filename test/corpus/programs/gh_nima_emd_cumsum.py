# Source: github.com/truskovskiyk/nima.pytorch, nima/train/emd_loss.py (class EDMLoss, whole file)
import torch
import torch.nn as nn
from torch.autograd import Variable


class EDMLoss(nn.Module):
    def __init__(self):
        super(EDMLoss, self).__init__()

    def forward(self, p_target: Variable, p_estimate: Variable):
        assert p_target.shape == p_estimate.shape
        # cdf for values [1, 2, ..., 10]
        cdf_target = torch.cumsum(p_target, dim=1)
        # cdf for values [1, 2, ..., 10]
        cdf_estimate = torch.cumsum(p_estimate, dim=1)
        cdf_diff = cdf_estimate - cdf_target
        samplewise_emd = torch.sqrt(torch.mean(torch.pow(torch.abs(cdf_diff), 2)))
        return samplewise_emd.mean()

# Driver
torch.manual_seed(0)
logits = torch.randn(2, 5, requires_grad=True)
p_target = torch.softmax(torch.randn(2, 5), dim=1)
loss = EDMLoss()(p_target, torch.softmax(logits, dim=1))
print(loss)
loss.backward()
print(logits.grad)
