# Source: github.com/huggingface/transformers, src/transformers/models/switch_transformers/modeling_switch_transformers.py
# (router_z_loss_func, load_balancing_loss_func; docstrings dropped). The driver routes tokens top-1 as the
# Switch router does and adds both auxiliary losses with the config's default coefficients.
import torch
import torch.nn as nn


def router_z_loss_func(router_logits: torch.Tensor) -> float:
    num_groups, tokens_per_group, _ = router_logits.shape
    log_z = torch.logsumexp(router_logits, dim=-1)
    z_loss = log_z**2
    return torch.sum(z_loss) / (num_groups * tokens_per_group)


def load_balancing_loss_func(router_probs: torch.Tensor, expert_indices: torch.Tensor) -> float:
    num_experts = router_probs.shape[-1]

    # cast the expert indices to int64, otherwise one-hot encoding will fail
    if expert_indices.dtype != torch.int64:
        expert_indices = expert_indices.to(torch.int64)

    if len(expert_indices.shape) == 2:
        expert_indices = expert_indices.unsqueeze(2)

    expert_mask = torch.nn.functional.one_hot(expert_indices, num_experts)

    # For a given token, determine if it was routed to a given expert.
    expert_mask = torch.max(expert_mask, axis=-2).values

    # cast to float32 otherwise mean will fail
    expert_mask = expert_mask.to(torch.float32)
    tokens_per_group_and_expert = torch.mean(expert_mask, axis=-2)

    router_prob_per_group_and_expert = torch.mean(router_probs, axis=-2)
    return torch.mean(tokens_per_group_and_expert * router_prob_per_group_and_expert) * (num_experts**2)


# Driver
torch.manual_seed(0)
router_logits = torch.randn(2, 5, 4, requires_grad=True)   # (batch, tokens, experts)
router_probs = nn.functional.softmax(router_logits, dim=-1)
expert_index = torch.argmax(router_probs, dim=-1)
z_loss = router_z_loss_func(router_logits)
aux_loss = load_balancing_loss_func(router_probs, expert_index)
print(expert_index)
print(z_loss, aux_loss)
loss = 0.001 * z_loss + 0.001 * aux_loss
loss.backward()
print(loss)
print(router_logits.grad)
