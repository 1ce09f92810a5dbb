# Source: github.com/stevenGetsby/ML_DL_RL, RL/loss计算/DPOLoss.py (class DPOLoss with its ipo flag; docstring
# dropped; the file's imports completed with those it uses). The driver scores both variants on the same pairs.
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


class DPOLoss(nn.Module):
    def __init__(self, beta: float, label_smoothing: float = 0.0, ipo: bool = False) -> None:
        super().__init__()
        self.beta = beta
        self.label_smoothing = label_smoothing
        self.ipo = ipo

    def forward(
        self,
        policy_chosen_logps: torch.Tensor,
        policy_rejected_logps: torch.Tensor,
        reference_chosen_logps: torch.Tensor,
        reference_rejected_logps: torch.Tensor,
    ) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        pi_logratios = policy_chosen_logps - policy_rejected_logps
        ref_logratios = reference_chosen_logps - reference_rejected_logps
        logits = pi_logratios - ref_logratios

        if self.ipo:
            losses = (logits - 1 / (2 * self.beta)) ** 2  # Eq. 17 of https://arxiv.org/pdf/2310.12036v2.pdf
        else:
            # Eq. 3 https://ericmitchell.ai/cdpo.pdf; label_smoothing=0 gives original DPO (Eq. 7 of https://arxiv.org/pdf/2305.18290.pdf)
            losses = (
                -F.logsigmoid(self.beta * logits) * (1 - self.label_smoothing)
                - F.logsigmoid(-self.beta * logits) * self.label_smoothing
            )

        loss = losses.mean()
        chosen_rewards = self.beta * (policy_chosen_logps - reference_chosen_logps).detach()
        rejected_rewards = self.beta * (policy_rejected_logps - reference_rejected_logps).detach()

        return loss, chosen_rewards, rejected_rewards


# Driver
torch.manual_seed(0)
policy_logps = (-torch.rand(2, 4) * 20).requires_grad_()
ref_logps = policy_logps.detach() + torch.randn(2, 4)
for ipo in (False, True):
    loss, chosen_rewards, rejected_rewards = DPOLoss(beta=0.1, ipo=ipo)(policy_logps[0], policy_logps[1], ref_logps[0], ref_logps[1])
    print(loss, (chosen_rewards - rejected_rewards).mean())
    loss.backward()
    print(policy_logps.grad)
    policy_logps.grad = None
