# Source: github.com/zdavidli/siamese-facial-recognition, ContrastiveLoss.py (class ContrastiveLoss)
import torch
import torch.nn.functional as F

class ContrastiveLoss(torch.nn.Module):
    def __init__(self, margin=1.0):
        super(ContrastiveLoss, self).__init__()
        self.margin = margin

    def forward(self, output1, output2, label):
        dist = F.pairwise_distance(output1, output2)
        mdist = torch.clamp(self.margin - dist, min=0.0)
        loss = torch.mean((label) * torch.pow(dist, 2) + (1-label) * torch.pow(mdist, 2))

        return loss

# Driver
torch.manual_seed(0)
output1 = torch.randn(4, 3, requires_grad=True)
output2 = torch.randn(4, 3, requires_grad=True)
label = torch.tensor([1., 0., 0., 1.])
loss = ContrastiveLoss(margin=2.0)(output1, output2, label)
print(loss)
loss.backward()
print(output1.grad)
print(output2.grad)
