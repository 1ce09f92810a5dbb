# Source: github.com/MTNeuro/MTNeuro, MTNeuro/self_supervised/loss/contrastive_loss.py (class ContrastiveLoss, whole file)
import torch
import torch.nn.functional as F


class ContrastiveLoss(torch.nn.Module):
    def __init__(self, temperature=0.1):
        super().__init__()
        self.temperature = temperature

    def forward(self, queries, keys):
        b, device = queries.shape[0], queries.device
        logits = queries @ keys.t()
        logits = logits - logits.max(dim=-1, keepdim=True).values
        logits /= self.temperature
        return F.cross_entropy(logits, torch.arange(b, device=device))

# Driver
torch.manual_seed(0)
queries = torch.randn(4, 3, requires_grad=True)
keys = torch.randn(4, 3, requires_grad=True)
loss = ContrastiveLoss(temperature=0.5)(queries, keys)
print(loss)
loss.backward()
print(queries.grad)
print(keys.grad)
