# Source: github.com/isLinXu/YOLO-Master, ultralytics/nn/modules/moe/loss.py (class MoELoss)
"""Auxiliary losses for Mixture-of-Experts models"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MoELoss(nn.Module):
    def __init__(self, balance_loss_coeff=0.01, z_loss_coeff=1e-3, num_experts=4, top_k=2):
        super().__init__()
        self.balance_loss_coeff = balance_loss_coeff
        self.z_loss_coeff = z_loss_coeff
        self.num_experts = num_experts
        self.top_k = top_k

    def forward(self, router_probs, router_logits, expert_indices):
        # 1) Load Balancing Loss
        # importance: probability distribution predicted by router (differentiable)
        importance = router_probs.mean(dim=0)

        # usage: which experts were actually selected (non-differentiable, detached)
        usage_mask = torch.zeros_like(router_probs)
        for k in range(self.top_k):
            usage_mask.scatter_(1, expert_indices[:, k].unsqueeze(1), 1.0)
        usage = usage_mask.mean(dim=0)

        balance_loss = self.num_experts * torch.sum(importance * usage.detach())

        # 2) Z-Loss (numerical stability)
        # Penalize square of log(sum(exp(logits))) to prevent logits from exploding.
        z_loss = torch.mean(torch.logsumexp(router_logits, dim=1) ** 2)

        return (self.balance_loss_coeff * balance_loss) + (self.z_loss_coeff * z_loss)

# Driver (the forward's docstring dropped)
torch.manual_seed(0)
router_logits = torch.randn(5, 4, requires_grad=True)
router_probs = F.softmax(router_logits, dim=1)
expert_indices = torch.topk(router_probs, 2, dim=1).indices
loss = MoELoss()(router_probs, router_logits, expert_indices)
print(loss)
loss.backward()
print(router_logits.grad)
