# MultiMarginLoss: the multi-class hinge loss.
import torch
import torch.nn as nn

x = torch.tensor([[0.1, 0.2, 0.7], [0.2, 0.5, 0.3]], requires_grad=True)
y = torch.tensor([1, 2], dtype=torch.long)

loss_f = nn.MultiMarginLoss(reduction='none')
loss = loss_f(x, y)
print("Multi Margin Loss: ", loss)

mean = nn.MultiMarginLoss()(x, y)
mean.backward()
print(mean, x.grad)
