# Source: github.com/sumyeongahn/PGD, trainer/module/loss.py (class GeneralizedCELoss: `import torch as t`,
# np.isnan on .item(), a detached weight of the per-sample cross entropy)
import torch as t
import numpy as np
import torch.nn as nn
import torch.nn.functional as F

class GeneralizedCELoss(nn.Module):
    def __init__(self, q=0.7):
        super(GeneralizedCELoss, self).__init__()
        self.q = q
        
    def forward(self, logits, targets):
        if self.q == 0:
            return F.cross_entropy(logits,targets, reduction='none')

        p = F.softmax(logits, dim=1)
        if np.isnan(p.mean().item()):
            raise NameError('GCE_p')
        Yg = t.gather(p, 1, t.unsqueeze(targets, 1))
        # modify gradient of cross entropy
        loss_weight = (Yg.squeeze().detach()**self.q)*self.q
        if np.isnan(Yg.mean().item()):
            raise NameError('GCE_Yg')
        loss = F.cross_entropy(logits, targets, reduction='none') * loss_weight

        return loss


# Driver: the biased model's per-sample loss, then q=0 (plain cross entropy)
t.manual_seed(0)
logits = t.randn(5, 3, requires_grad=True)
targets = t.tensor([0, 2, 1, 1, 0])
criterion = GeneralizedCELoss()
loss = criterion(logits, targets)
print(loss)
loss.mean().backward()
print(logits.grad)
print(GeneralizedCELoss(q=0)(logits, targets))
