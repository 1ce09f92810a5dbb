# Source: github.com/ArtyomPetros/country-retrieval, losses.py (BatchHardTripletLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F

class BatchHardTripletLoss(nn.Module):
    def __init__(self, margin: float=0.2):
        super().__init__()
        self.margin = margin

    def forward(self, embeddings, labels):
        dist = torch.cdist(embeddings, embeddings, p=2)
        N = embeddings.size(0)
        labels = labels.unsqueeze(1)
        mask_pos = (labels == labels.t()).float()
        mask_neg = (labels != labels.t()).float()
        dist_pos = (dist * mask_pos + (1 - mask_pos) * (-1e9)).max(1)[0]
        dist_neg = (dist * mask_neg + (1 - mask_neg) * (1e9)).min(1)[0]

        loss = F.relu(dist_pos - dist_neg + self.margin).mean()
        return loss


# Driver: six normalised embeddings of three classes
torch.manual_seed(0)
emb = F.normalize(torch.randn(6, 4), dim=1).requires_grad_()
labels = torch.tensor([0, 0, 1, 1, 2, 2])
criterion = BatchHardTripletLoss(margin=0.5)
loss = criterion(emb, labels)
print(loss)
loss.backward()
print(emb.grad)
