# Source: github.com/huggingface/trl, trl/trainer/orpo_trainer.py (ORPOTrainer.odds_ratio_loss as first released,
# with its `.to(self.accelerator.device)` calls and docstring dropped; self.beta is the ORPOConfig default 0.1). The
# driver averages token log-probabilities as get_batch_logps(average_log_prob=True) does and adds the chosen NLL, as
# ORPOTrainer.get_batch_loss_metrics does.
import torch
import torch.nn.functional as F


class ORPO:
    beta = 0.1

    def odds_ratio_loss(
        self,
        policy_chosen_logps: torch.FloatTensor,
        policy_rejected_logps: torch.FloatTensor,
    ):
        # Derived from Eqs. (4) and (7) from https://arxiv.org/abs/2403.07691 by using log identities and exp(log(P(y|x)) = P(y|x)
        log_odds = (policy_chosen_logps - policy_rejected_logps) - (
            torch.log1p(-torch.exp(policy_chosen_logps)) - torch.log1p(-torch.exp(policy_rejected_logps))
        )
        sig_ratio = F.sigmoid(log_odds)
        ratio = torch.log(sig_ratio)
        losses = self.beta * ratio

        chosen_rewards = self.beta * (policy_chosen_logps).detach()
        rejected_rewards = self.beta * (policy_rejected_logps).detach()

        return losses, chosen_rewards, rejected_rewards, torch.mean(ratio).item(), torch.mean(log_odds).item()


# Driver
torch.manual_seed(0)
logits = torch.randn(4, 5, 8, requires_grad=True)      # rows 0-1 chosen, 2-3 rejected
labels = torch.randint(0, 8, (4, 5))
labels[:, 0] = -100
loss_mask = labels != -100
labels[labels == -100] = 0
per_token_logps = torch.gather(logits.log_softmax(-1), dim=2, index=labels.unsqueeze(2)).squeeze(2)
all_logps = (per_token_logps * loss_mask).sum(-1) / loss_mask.sum(-1)
nll = F.cross_entropy(logits[:2].flatten(0, 1), torch.where(loss_mask[:2], labels[:2], -100).flatten())
losses, chosen_rewards, rejected_rewards, log_odds_ratio, log_odds_chosen = ORPO().odds_ratio_loss(all_logps[:2], all_logps[2:])
loss = nll - losses.mean()
print(losses, chosen_rewards, rejected_rewards)
print(log_odds_ratio, log_odds_chosen)
loss.backward()
print(loss)
print(logits.grad[2])
