# Source: github.com/naver-ai/relabel_imagenet, utils/loss.py (class SoftTargetCrossEntropy, whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F

class SoftTargetCrossEntropy(nn.Module):
    def forward(self, x, target):
        loss = torch.sum(-target * F.log_softmax(x, dim=-1), dim=-1)
        return loss.mean()

# Driver: label maps pooled into soft targets
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
target = torch.softmax(torch.randn(3, 4) * 3, dim=-1)
loss = SoftTargetCrossEntropy()(x, target)
print(loss)
loss.backward()
print(x.grad)
