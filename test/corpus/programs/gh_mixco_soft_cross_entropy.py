# Source: github.com/sungnyun/MixCo-Mixup-Contrastive, simclr/loss/mix_loss.py (class SoftCrossEntropy)
import torch
import torch.nn as nn
import torch.nn.functional as F


class SoftCrossEntropy(nn.Module):
    def forward(self, logits, target):
        probs = F.softmax(logits, 1) 
        loss = (- target * torch.log(probs)).sum(1).mean()

        return loss

# Driver: mixed one-hot targets
torch.manual_seed(0)
logits = torch.randn(2, 3, requires_grad=True)
target = torch.tensor([[0.7, 0.3, 0.0], [0.0, 0.5, 0.5]])
loss = SoftCrossEntropy()(logits, target)
print(loss)
loss.backward()
print(logits.grad)
