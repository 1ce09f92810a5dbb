# Source: github.com/REASONER2023/reasoner2023.github.io, model/loss.py (class BPRLoss and its docstring example)
import torch
import torch.nn as nn


class BPRLoss(nn.Module):
    """ BPRLoss, based on Bayesian Personalized Ranking
        This is the implementation in RecBole.

    Args:
        - gamma(float): Small value to avoid division by zero

    Shape:
        - Pos_score: (N)
        - Neg_score: (N), same shape as the Pos_score
        - Output: scalar.
    """

    def __init__(self, gamma=1e-10):
        super(BPRLoss, self).__init__()
        self.gamma = gamma

    def forward(self, pos_score, neg_score):
        loss = -torch.log(self.gamma + torch.sigmoid(pos_score - neg_score)).mean()
        return loss

# Driver: the docstring's Examples
torch.manual_seed(0)
loss = BPRLoss()
pos_score = torch.randn(3, requires_grad=True)
neg_score = torch.randn(3, requires_grad=True)
output = loss(pos_score, neg_score)
output.backward()
print(output)
print(pos_score.grad, neg_score.grad)
