# Source: github.com/momonong/deep-learning, losses.py (class FocalLoss)
import torch 
import torch.nn as nn
import torch.nn.functional as F

class FocalLoss(nn.Module):
    def __init__(self, alpha=None, gamma=2):
        super(FocalLoss, self).__init__()
        self.alpha = alpha  # class weights
        self.gamma = gamma
        self.ce = nn.CrossEntropyLoss(weight=alpha)

    def forward(self, inputs, targets):
        ce_loss = self.ce(inputs, targets)
        pt = torch.exp(-ce_loss)
        focal_loss = ((1 - pt) ** self.gamma * ce_loss).mean()
        return focal_loss

# Driver
torch.manual_seed(0)
inputs = torch.randn(5, 3, requires_grad=True)
targets = torch.tensor([0, 1, 2, 1, 0])
criterion = FocalLoss(alpha=torch.tensor([0.2, 0.3, 0.5]))
loss = criterion(inputs, targets)
print(loss)
loss.backward()
print(inputs.grad)
