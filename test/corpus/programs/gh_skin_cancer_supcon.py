# Source: github.com/fsrt16/Hypergraph-Based-Contrastive-Embedding-and-Attention-Fusion-for-Detection-of-Skin-Cancer-,
# ContrastiveLoss.py (class SupervisedContrastiveLoss)
# contrastive_loss.py
import torch
import torch.nn.functional as F

class SupervisedContrastiveLoss(torch.nn.Module):
    def __init__(self, temperature=0.07):
        super(SupervisedContrastiveLoss, self).__init__()
        self.temperature = temperature

    def forward(self, features, labels):
        device = features.device
        labels = labels.contiguous().view(-1, 1)
        mask = torch.eq(labels, labels.T).float().to(device)  # Positive mask

        anchor_dot_contrast = torch.div(torch.matmul(features, features.T), self.temperature)
        logits_max, _ = torch.max(anchor_dot_contrast, dim=1, keepdim=True)
        logits = anchor_dot_contrast - logits_max.detach()

        exp_logits = torch.exp(logits) * (1 - torch.eye(features.shape[0]).to(device))
        log_prob = logits - torch.log(exp_logits.sum(1, keepdim=True) + 1e-8)

        mean_log_prob_pos = (mask * log_prob).sum(1) / (mask.sum(1) + 1e-8)

        loss = -mean_log_prob_pos.mean()
        return loss

# Driver
torch.manual_seed(0)
features = F.normalize(torch.randn(4, 3), dim=1).requires_grad_()
labels = torch.tensor([0, 1, 0, 1])
loss = SupervisedContrastiveLoss(temperature=0.5)(features, labels)
print(loss)
loss.backward()
print(features.grad)
