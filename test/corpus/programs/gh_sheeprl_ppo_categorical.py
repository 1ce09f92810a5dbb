# Source: github.com/Eclectic-Sheep/sheeprl, sheeprl/algos/ppo/loss.py (whole file; docstrings dropped). The driver
# builds the policy's Categorical the way the repo's agent does and sums the three terms as ppo.py does.
import torch
import torch.nn.functional as F
from torch import Tensor


def reduce_loss(loss: Tensor, reduction: str = "mean") -> Tensor:
    reduction = reduction.lower()
    if reduction == "none":
        return loss
    elif reduction == "mean":
        return loss.mean()
    elif reduction == "sum":
        return loss.sum()
    else:
        raise ValueError(f"Unrecognized reduction: {reduction}")


def policy_loss(
    new_logprobs: Tensor,
    logprobs: Tensor,
    advantages: Tensor,
    clip_coef: float,
    reduction: str = "mean",
) -> Tensor:
    logratio = new_logprobs - logprobs
    ratio = logratio.exp()

    pg_loss1 = advantages * ratio
    pg_loss2 = advantages * torch.clamp(ratio, 1 - clip_coef, 1 + clip_coef)
    pg_loss = -torch.min(pg_loss1, pg_loss2)
    return reduce_loss(pg_loss, reduction)


def value_loss(
    new_values: Tensor,
    old_values: Tensor,
    returns: Tensor,
    clip_coef: float,
    clip_vloss: bool,
    reduction: str = "mean",
) -> Tensor:
    if not clip_vloss:
        return F.mse_loss(new_values, returns, reduction=reduction)
    v_loss_unclipped = (new_values - returns) ** 2
    v_clipped = old_values + torch.clamp(new_values - old_values, -clip_coef, clip_coef)
    v_loss_clipped = (v_clipped - returns) ** 2
    return reduce_loss(torch.max(v_loss_unclipped, v_loss_clipped), reduction)


def entropy_loss(entropy: Tensor, reduction: str = "mean") -> Tensor:
    return reduce_loss(-entropy, reduction)

# Driver
torch.manual_seed(0)
logits = torch.randn(6, 3, requires_grad=True)
new_values = torch.randn(6, requires_grad=True)
actions = torch.tensor([0, 2, 1, 1, 0, 2])
old_logprobs = torch.log(torch.full((6,), 1 / 3))
old_values = torch.randn(6)
returns = torch.randn(6)
advantages = returns - old_values
dist = torch.distributions.Categorical(logits=logits)
new_logprobs = dist.log_prob(actions)
pg = policy_loss(new_logprobs, old_logprobs, advantages, 0.2)
v = value_loss(new_values, old_values, returns, 0.2, True)
ent = entropy_loss(dist.entropy())
loss = pg + 0.5 * v + 0.01 * ent
print(pg, v, ent)
print(loss)
loss.backward()
print(logits.grad)
print(new_values.grad)
