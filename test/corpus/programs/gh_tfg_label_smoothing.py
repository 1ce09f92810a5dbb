# Source: github.com/admsit0/tfg, src/regularizers/label_smoothing.py (class LabelSmoothingCrossEntropy)
import torch
import torch.nn.functional as F

class LabelSmoothingCrossEntropy(torch.nn.Module):
    def __init__(self, smoothing=0.0):
        super().__init__()
        assert 0.0 <= smoothing < 1.0
        self.smoothing = smoothing

    def forward(self, logits, target):
        n_classes = logits.size(-1)
        log_probs = F.log_softmax(logits, dim=-1)
        with torch.no_grad():
            true_dist = torch.zeros_like(log_probs)
            true_dist.fill_(self.smoothing / (n_classes - 1))
            true_dist.scatter_(1, target.data.unsqueeze(1), 1.0 - self.smoothing)
        return torch.mean(torch.sum(-true_dist * log_probs, dim=-1))

# Driver
torch.manual_seed(0)
logits = torch.randn(4, 5, requires_grad=True)
target = torch.tensor([0, 3, 1, 4])
criterion = LabelSmoothingCrossEntropy(smoothing=0.1)
loss = criterion(logits, target)
print(loss)
loss.backward()
print(logits.grad)
