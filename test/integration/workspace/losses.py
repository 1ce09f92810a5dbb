import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn as tnn
from torch import nn as N
from torch.nn import CrossEntropyLoss, HuberLoss as Huber
import torch.nn.functional as F2

x = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.2, 0.3]], requires_grad=True)
y = torch.tensor([0, 1])

a = nn.MSELoss()
b = torch.nn.L1Loss(reduction='sum')
c = tnn.SmoothL1Loss(beta=0.5)
d = N.BCEWithLogitsLoss()
e = CrossEntropyLoss(label_smoothing=0.1)
f = Huber(delta=2.0)
g = F.cross_entropy(x, y)
h = torch.nn.functional.mse_loss(x, x)
i = F2.kl_div(x, x, reduction='mean')
kl = nn.KLDivLoss()
old = nn.NLLLoss2d()
legacy = nn.MSELoss(size_average=False)
bad = nn.CrossEntropyLoss(reduction='avg')
loss_fn = nn.CrossEntropyLoss(label_smoothing=0.2)
loss = loss_fn(x, y)


class MSELoss(nn.Module):
    pass


mine = MSELoss()
text = "nn.MSELoss()"
# nn.L1Loss in a comment
