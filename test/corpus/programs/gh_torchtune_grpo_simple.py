# Source: github.com/pytorch/torchtune, torchtune/rlhf/loss/grpo.py (class GRPOSimpleLoss; docstrings dropped) and
# torchtune/rlhf/rewards.py (masked_mean), which grpo.py reaches as `rlhf.masked_mean`; the driver binds that name.
# Group-relative advantages as the GRPO recipe computes them.
import torch
import torch.nn as nn
from typing import Optional


def masked_mean(
    x: torch.Tensor, mask: torch.Tensor, dim: Optional[int] = None
) -> torch.Tensor:
    return (x * mask).sum(dim=dim) / (mask.sum(dim=dim) + 1e-8)


class rlhf:
    masked_mean = staticmethod(masked_mean)


class GRPOSimpleLoss(nn.Module):
    def __init__(
        self,
        epsilon: float = 0.1,
        kl_coeff: float = 0.1,
    ):
        super().__init__()
        self.epsilon = epsilon
        self.kl_coeff = kl_coeff

    def forward(
        self,
        pi_old_logprobs: torch.Tensor,  # [B x G, L]
        pi_logprobs: torch.Tensor,  # [B x G, L]
        ref_logprobs: torch.Tensor,  # [B x G, L]
        advantages: torch.Tensor,  # [B x G]
        padding_masks: Optional[torch.Tensor] = None,  # [B x G, L]
    ):
        # [B x G, L]
        per_token_kl = (
            torch.exp(ref_logprobs.detach() - pi_logprobs)
            - (ref_logprobs.detach() - pi_logprobs)
            - 1
        )

        advantages = advantages[:, None]  # [B x G, 1]

        per_token_policy_loss = (
            torch.exp(pi_logprobs - pi_logprobs.detach()) * advantages
        )

        per_token_loss = -(per_token_policy_loss - self.kl_coeff * per_token_kl)

        loss = rlhf.masked_mean(per_token_loss, padding_masks, dim=1).mean()

        policy_loss = (
            rlhf.masked_mean(per_token_policy_loss, padding_masks, dim=1)
            .mean()
            .detach()
        )
        kl_loss = rlhf.masked_mean(per_token_kl, padding_masks, dim=1).mean().detach()

        return (  # This loss doesn't track clipfrac and ratios
            loss,
            policy_loss,
            kl_loss,
            torch.tensor(1.0),
            torch.tensor(0.0),
        )


# Driver: one prompt, a group of 4 completions of 6 tokens
torch.manual_seed(0)
logits = torch.randn(4, 6, 10, requires_grad=True)
tokens = torch.randint(0, 10, (4, 6))
pi_logprobs = torch.gather(torch.log_softmax(logits, dim=-1), 2, tokens.unsqueeze(-1)).squeeze(-1)
ref_logprobs = pi_logprobs.detach() + 0.1 * torch.randn(4, 6)
rewards = torch.tensor([1.0, 0.0, 0.0, 1.0])
group = rewards.view(1, 4)
advantages = ((group - group.mean(1, keepdim=True)) / (group.std(1, keepdim=True) + 1e-4)).view(-1)
padding_masks = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 0], [1, 1, 0, 0, 0, 0]]).bool()
loss, policy_loss, kl_loss, ratios, clipfrac = GRPOSimpleLoss(kl_coeff=0.04)(
    pi_logprobs.detach(), pi_logprobs, ref_logprobs, advantages, padding_masks)
print(advantages)
print(loss, policy_loss, kl_loss, ratios, clipfrac)
loss.backward()
print(logits.grad[1])
