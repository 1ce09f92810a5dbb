# Source: github.com/bin-Deng-666/LLM-Basic-Code, Loss/DPOLoss.py (class DPOLoss, whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F

class DPOLoss(nn.Module):
    def __init__(self, beta):
        super().__init__()
        self.beta = beta

    def forward(self, policy_chosen_logprobs, policy_rejected_logprobs, ref_chosen_logprobs, ref_rejected_logprobs):
        diff =(policy_chosen_logprobs - policy_rejected_logprobs) - (ref_chosen_logprobs - ref_rejected_logprobs)
        reward_diff = self.beta * diff
        dpo_loss = -F.logsigmoid(reward_diff).mean()
        return dpo_loss

# Driver: sequence log-probabilities summed from token log-softmax
torch.manual_seed(0)
logits = torch.randn(2, 2, 3, 5, requires_grad=True)   # (chosen/rejected, batch, tokens, vocab)
labels = torch.randint(0, 5, (2, 2, 3))
logps = torch.gather(logits.log_softmax(-1), 3, labels.unsqueeze(-1)).squeeze(-1).sum(-1)
ref_logps = logps.detach() + 0.1 * torch.randn(2, 2)
loss = DPOLoss(beta=0.1)(logps[0], logps[1], ref_logps[0], ref_logps[1])
print(loss)
loss.backward()
print(logits.grad[0, 0])
