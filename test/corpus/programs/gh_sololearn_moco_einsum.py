# Source: github.com/vturrisi/solo-learn, solo/losses/moco.py (def moco_loss_func)
import torch
import torch.nn.functional as F


def moco_loss_func(query, key, queue, temperature=0.1):
    pos = torch.einsum("nc,nc->n", [query, key]).unsqueeze(-1)
    neg = torch.einsum("nc,ck->nk", [query, queue])
    logits = torch.cat([pos, neg], dim=1)
    logits /= temperature
    targets = torch.zeros(query.size(0), device=query.device, dtype=torch.long)
    return F.cross_entropy(logits, targets)

# Driver
torch.manual_seed(0)
query = torch.randn(3, 4, requires_grad=True)
key = torch.randn(3, 4)
queue = torch.randn(4, 5)
loss = moco_loss_func(F.normalize(query, dim=1), F.normalize(key, dim=1), F.normalize(queue, dim=0))
print(loss)
loss.backward()
print(query.grad)
