# Source: github.com/tutss/datascience, vision/cnn-fr/losses.py (class TripletLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F


class TripletLoss(nn.Module):
    def __init__(self, margin=0.5):
        super(TripletLoss, self).__init__()
        self.margin = margin

    def forward(self, anchor, positive, negative):
        pos_distance = F.pairwise_distance(anchor, positive, p=2)
        neg_distance = F.pairwise_distance(anchor, negative, p=2)

        loss = F.relu(pos_distance - neg_distance + self.margin)
        return loss.mean()

# Driver (the `import torch` line is the driver's)
torch.manual_seed(0)
anchor = torch.randn(3, 5, requires_grad=True)
positive = torch.randn(3, 5)
negative = torch.randn(3, 5)
loss = TripletLoss()(anchor, positive, negative)
print(loss)
loss.backward()
print(anchor.grad)
