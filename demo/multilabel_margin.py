# MultiLabelMarginLoss: target holds class indices, ended by -1.
import torch
import torch.nn as nn

x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
y = torch.tensor([[0, 3, -1, -1]], dtype=torch.long)

loss_f = nn.MultiLabelMarginLoss(reduction='none')
loss = loss_f(x, y)
print(loss)

# compute by hand
x = x[0]
item_1 = (1 - (x[0] - x[1])) + (1 - (x[0] - x[2]))
item_2 = (1 - (x[3] - x[1])) + (1 - (x[3] - x[2]))
loss_h = (item_1 + item_2) / x.shape[0]
print(loss_h)
