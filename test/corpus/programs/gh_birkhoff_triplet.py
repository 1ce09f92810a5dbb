# Source: github.com/doblerk/deep-birkhoff-matching, tribiged/losses/triplet_loss.py (class TripletLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F


class TripletLoss(nn.Module):

    def __init__(self, margin=0.2):
        super(TripletLoss, self).__init__()
        self.margin = margin
    
    def forward(self, anchor, positive, negative):
        pos_dist = (anchor - positive).pow(2).sum(1)
        neg_dist = (anchor - negative).pow(2).sum(1)
        return F.relu(pos_dist - neg_dist + self.margin).mean()

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
anchor = torch.randn(4, 3, requires_grad=True)
positive = anchor.detach() + 0.1 * torch.randn(4, 3)
negative = torch.randn(4, 3)
loss = TripletLoss(margin=1.0)(anchor, positive, negative)
print(loss)
loss.backward()
print(anchor.grad)
