# Source: github.com/Coxy7/robust-finetuning, losses/distill.py (class KnowledgeDistillationLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F


class KnowledgeDistillationLoss(nn.Module):

    def __init__(self, temp=10):
        super().__init__()
        self.criterion_kl = nn.KLDivLoss(reduction='batchmean')
        self.t = temp

    def forward(self, logits, soft_labels):
        kl = (self.t * self.t) * self.criterion_kl(
            F.log_softmax(logits / self.t, dim=1),
            F.softmax(soft_labels / self.t, dim=1)
        )
        return kl

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
logits = torch.randn(2, 5, requires_grad=True)
soft_labels = torch.randn(2, 5)
criterion = KnowledgeDistillationLoss(temp=4)
loss = criterion(logits, soft_labels)
print(loss)
loss.backward()
print(logits.grad)
