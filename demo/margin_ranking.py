# MarginRankingLoss: x1 should rank above x2 where target is 1, below where it is -1.
# Inputs and target must have the same shape: the seed note's (3, 1) inputs with a (3,) target is an error.
import torch
import torch.nn as nn

x1 = torch.tensor([1., 2., 3.], requires_grad=True)
x2 = torch.tensor([2., 2., 2.])
target = torch.tensor([1, 1, -1], dtype=torch.float)

loss_f_none = nn.MarginRankingLoss(margin=0, reduction='none')
loss = loss_f_none(x1, x2, target)
print(loss)

mean_loss = nn.MarginRankingLoss(margin=0.5)(x1, x2, target)
mean_loss.backward()
print(mean_loss, x1.grad)
