# Source: github.com/pytorch/torchtune, torchtune/rlhf/loss/dpo.py (class DPOLoss; docstrings dropped). The driver
# sums token log-probabilities under a mask of ignore_index labels, as the recipe's get_batch_log_probs does.
import torch
import torch.nn as nn
import torch.nn.functional as F


class DPOLoss(nn.Module):
    def __init__(
        self,
        beta: float = 0.1,
        label_smoothing: float = 0.0,
    ):
        super().__init__()
        self.beta = beta
        self.label_smoothing = label_smoothing

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

        # The beta is a temperature parameter for the DPO loss, typically something in the range of 0.1 to 0.5.
        # We ignore the reference model as beta -> 0. The label_smoothing parameter encodes our uncertainty about the labels and
        # calculates a conservative DPO loss.
        losses = (
            -F.logsigmoid(self.beta * logits) * (1 - self.label_smoothing)
            - F.logsigmoid(-self.beta * logits) * self.label_smoothing
        )

        chosen_rewards = (
            self.beta * (policy_chosen_logps - reference_chosen_logps).detach()
        )
        rejected_rewards = (
            self.beta * (policy_rejected_logps - reference_rejected_logps).detach()
        )

        return losses, chosen_rewards, rejected_rewards


# Driver
def get_batch_log_probs(logits, labels, label_pad_token_id=-100):
    labels = labels[:, 1:].clone()
    logits = logits[:, :-1, :]
    loss_mask = labels != label_pad_token_id
    labels[labels == label_pad_token_id] = 0
    per_token_log_probs = torch.gather(logits.log_softmax(-1), dim=2, index=labels.unsqueeze(2)).squeeze(2)
    return (per_token_log_probs * loss_mask).sum(-1)


torch.manual_seed(0)
policy_logits = torch.randn(4, 5, 7, requires_grad=True)   # chosen rows 0-1, rejected rows 2-3
ref_logits = torch.randn(4, 5, 7)
labels = torch.randint(0, 7, (4, 5))
labels[:, :2] = -100                                         # prompt tokens
labels[1, 4] = -100                                          # padding
policy_logps = get_batch_log_probs(policy_logits, labels)
with torch.no_grad():
    ref_logps = get_batch_log_probs(ref_logits, labels)
loss_fn = DPOLoss(beta=0.1, label_smoothing=0.1)
losses, chosen_rewards, rejected_rewards = loss_fn(policy_logps[:2], policy_logps[2:], ref_logps[:2], ref_logps[2:])
loss = losses.mean()
print(losses)
print(chosen_rewards, rejected_rewards)
print((chosen_rewards > rejected_rewards).float().mean())
loss.backward()
print(loss)
print(policy_logits.grad[1])
