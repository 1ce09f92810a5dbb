# Source: github.com/LorePep/re-identification, losses.py (class TripletLoss; margin defaults to None, kept as written)
import torch
import torch.nn as nn
import torch.nn.functional as F


class TripletLoss(nn.Module):
    def __init__(self, margin=None):
        super(TripletLoss, self).__init__()
        self.margin = margin

    def forward(self, anchor, positive, negative):
        distance_positive = (anchor - positive).pow(2).sum(1).pow(.5)
        distance_negative = (anchor - negative).pow(2).sum(1).pow(.5)
        losses = F.relu(distance_positive - distance_negative + self.margin)
        return losses.mean()

# Driver: the criterion built with its defaults
torch.manual_seed(0)
anchor, positive, negative = torch.randn(3, 2, 4).unbind(0)
print(TripletLoss(margin=0.5)(anchor, positive, negative))
criterion = TripletLoss()
loss = criterion(anchor, positive, negative)
print(loss)
