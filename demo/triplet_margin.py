# TripletMarginLoss: the positive must be closer to the anchor than the negative, by a margin.
import torch
import torch.nn as nn

anchor = torch.tensor([[1.]], requires_grad=True)
pos = torch.tensor([[2.]])
neg = torch.tensor([[0.5]])

loss_f = nn.TripletMarginLoss(margin=1.0, p=1)
loss = loss_f(anchor, pos, neg)
print("Triplet Margin Loss", loss)
loss.backward()
print("d loss / d anchor:", anchor.grad)

# compute by hand
margin = 1
a, p, n = anchor[0], pos[0], neg[0]
d_ap = torch.abs(a - p)
d_an = torch.abs(a - n)
print(d_ap - d_an + margin)
