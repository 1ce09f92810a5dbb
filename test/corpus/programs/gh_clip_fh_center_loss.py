# Source: github.com/babupallam/CLIP-FH, utils/loss/center_loss.py (class CenterLoss, whole file)
# utils/loss/center_loss.py
import torch
import torch.nn as nn

class CenterLoss(nn.Module):
    def __init__(self, num_classes, feat_dim, device="cpu"):
        super(CenterLoss, self).__init__()
        self.num_classes = num_classes
        self.feat_dim = feat_dim
        self.device = device
        self.centers = nn.Parameter(torch.randn(num_classes, feat_dim).to(device))

    def forward(self, features, labels):
        batch_size = features.size(0)
        centers_batch = self.centers[labels]
        return ((features - centers_batch) ** 2).sum() / 2.0 / batch_size

# Driver
torch.manual_seed(0)
criterion = CenterLoss(num_classes=3, feat_dim=4)
features = torch.randn(5, 4, requires_grad=True)
labels = torch.tensor([0, 2, 1, 2, 0])
loss = criterion(features, labels)
print(loss)
loss.backward()
print(features.grad)
print(criterion.centers.grad)
