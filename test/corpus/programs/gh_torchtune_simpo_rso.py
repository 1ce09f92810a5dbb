# Source: github.com/pytorch/torchtune, torchtune/rlhf/loss/dpo.py (classes RSOLoss and SimPOLoss; docstrings dropped,
# SimPOLoss's @deprecated decorator from torchtune.utils._logging dropped). The driver averages token log-probabilities
# as SimPO's recipe does.
import torch
import torch.nn as nn
import torch.nn.functional as F


class RSOLoss(nn.Module):
    def __init__(
        self,
        gamma: float = 0.1,
    ):
        super().__init__()
        self.gamma = gamma

    def forward(
        self,
        policy_chosen_logps: torch.Tensor,
        policy_rejected_logps: torch.Tensor,
        reference_chosen_logps: torch.Tensor,
        reference_rejected_logps: torch.Tensor,
    ):
        pi_logratios = policy_chosen_logps - policy_rejected_logps
        ref_logratios = reference_chosen_logps - reference_rejected_logps

        logits = pi_logratios - ref_logratios

        losses = torch.relu(1 - self.gamma * logits)

        chosen_rewards = (
            self.gamma * (policy_chosen_logps - reference_chosen_logps).detach()
        )
        rejected_rewards = (
            self.gamma * (policy_rejected_logps - reference_rejected_logps).detach()
        )

        return losses, chosen_rewards, rejected_rewards


class SimPOLoss(nn.Module):
    def __init__(
        self,
        beta: float = 2.0,
        gamma: float = 0.5,
        label_smoothing: float = 0.0,
    ):
        super().__init__()
        self.beta = beta
        self.gamma = gamma
        self.label_smoothing = label_smoothing

    def forward(
        self,
        policy_chosen_logps: torch.Tensor,
        policy_rejected_logps: torch.Tensor,
    ):

        pi_logratios = policy_chosen_logps - policy_rejected_logps

        gamma_logratios = self.gamma / self.beta
        logits = pi_logratios - gamma_logratios

        losses = (
            -F.logsigmoid(self.beta * logits) * (1 - self.label_smoothing)
            - F.logsigmoid(-self.beta * logits) * self.label_smoothing
        )

        chosen_rewards = self.beta * (policy_chosen_logps).detach()
        rejected_rewards = self.beta * (policy_rejected_logps).detach()

        return losses, chosen_rewards, rejected_rewards


# Driver
torch.manual_seed(0)
logits = torch.randn(6, 4, 9, requires_grad=True)     # 3 chosen, 3 rejected responses of 4 tokens
labels = torch.randint(0, 9, (6, 4))
mask = torch.ones(6, 4, dtype=torch.bool)
mask[0, 3] = False
mask[4, 2:] = False
token_logps = logits.log_softmax(-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
avg_logps = (token_logps * mask).sum(-1) / mask.sum(-1)
losses, cr, rr = SimPOLoss(beta=2.0, gamma=0.5)(avg_logps[:3], avg_logps[3:])
print(losses, cr, rr)
ref_logps = (token_logps.detach() * mask).sum(-1) + 0.25
rso, _, _ = RSOLoss(gamma=0.1)((token_logps * mask).sum(-1)[:3], (token_logps * mask).sum(-1)[3:], ref_logps[:3], ref_logps[3:])
print(rso)
loss = losses.mean() + rso.mean()
loss.backward()
print(loss)
print(logits.grad[4])
