# Source: github.com/asimkadav/nanogrpo, ppo.py (class PPOClipLoss, whole file; its forward returns a 1-tuple
# through a trailing comma)
"""Minimal PPO‑clip objective with shared policy/value head."""
import torch, torch.nn as nn

class PPOClipLoss(nn.Module):
    def __init__(self, eps=0.2, vf_coef=0.5, ent_coef=0.01):
        super().__init__(); self.eps, self.vf_coef, self.ent_coef = eps, vf_coef, ent_coef

    def forward(self, logp: torch.Tensor, logp_old: torch.Tensor,
                returns: torch.Tensor, values: torch.Tensor,
                entropy: torch.Tensor):
        ratio   = (logp - logp_old).exp()               # [B]
        adv     = (returns - values.detach())           # [B]
        pg_core = torch.min(ratio*adv, torch.clamp(ratio,1-self.eps,1+self.eps)*adv)
        policy_loss = -pg_core.mean()
        value_loss  = 0.5*(returns - values).pow(2).mean()
        ent_loss    = -entropy.mean()
        return policy_loss + self.vf_coef*value_loss + self.ent_coef*ent_loss, 

# Driver
torch.manual_seed(0)
logits = torch.randn(4, 5, requires_grad=True)
dist = torch.distributions.Categorical(logits=logits)
actions = torch.tensor([1, 0, 4, 2])
logp = dist.log_prob(actions)
logp_old = logp.detach() + 0.1 * torch.randn(4)
returns = torch.randn(4)
values = torch.randn(4, requires_grad=True)
loss = PPOClipLoss()(logp, logp_old, returns, values, dist.entropy())
print(loss)
loss.backward()
print(logits.grad)
