# Source: github.com/bohyunshin/recommender, recommender/loss/custom.py (def bpr_loss)
import torch
import torch.nn.functional as F


def bpr_loss(pred, params, regularization):
    logprob = F.logsigmoid(pred).sum()
    penalty = torch.tensor(0., requires_grad=True)
    for param in params:
        penalty = penalty + param.data.norm(dim=1).pow(2).sum() * regularization
    return -logprob + penalty

# Driver: score differences and two embedding tables
torch.manual_seed(0)
user_emb = torch.randn(3, 2, requires_grad=True)
item_emb = torch.randn(4, 2, requires_grad=True)
pred = (user_emb[[0, 1, 2]] * (item_emb[[0, 1, 2]] - item_emb[[3, 3, 3]])).sum(dim=1)
loss = bpr_loss(pred, [user_emb, item_emb], 0.01)
print(loss)
loss.backward()
print(user_emb.grad)
