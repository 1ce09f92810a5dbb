# Source: github.com/stevenGetsby/ML_DL_RL, RL/loss计算/PairLoss.py (class PairWiseLoss, whole file, as written: it uses
# nn and F without importing them)
class PairWiseLoss(nn.Module):
    """
    Pairwise Loss for Reward Model
    """
    def forward(self, chosen_reward, reject_reward, margin):
        if margin is not None:
            loss = -F.logsigmoid(chosen_reward - reject_reward - margin)
        else:
            loss = -F.logsigmoid(chosen_reward - reject_reward)
        return loss.mean()

# Driver
import torch
torch.manual_seed(0)
chosen_reward = torch.randn(4, requires_grad=True)
reject_reward = torch.randn(4)
loss = PairWiseLoss()(chosen_reward, reject_reward, None)
print(loss)
loss.backward()
print(chosen_reward.grad)
