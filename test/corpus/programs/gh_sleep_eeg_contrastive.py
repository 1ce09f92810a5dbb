# Source: github.com/EmileDeBiot/Sleep_EEG_Kaggle, eeg2vec/contrastive_loss.py (class ContrastiveLoss)
import torch
import torch.nn.functional as F
from torch import nn

class ContrastiveLoss(nn.Module):
    def __init__(self, margin=1.0):
        super(ContrastiveLoss, self).__init__()
        self.margin = margin

    def forward(self, output1, output2):
        euclidean_distance = F.pairwise_distance(output1, output2)
        loss_contrastive = torch.mean((1 - euclidean_distance) ** 2)
        return loss_contrastive

# Driver
torch.manual_seed(0)
output1 = torch.randn(3, 6, requires_grad=True)
output2 = torch.randn(3, 6)
loss = ContrastiveLoss()(output1, output2)
print(loss)
loss.backward()
print(output1.grad)
