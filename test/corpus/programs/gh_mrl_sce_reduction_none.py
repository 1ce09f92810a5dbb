# Source: github.com/ls32140/MRL, src/SCELoss.py (class SCELoss: per-sample CE + RCE, no reduction)
import torch
from torch import nn
from torch.nn import functional as F

class SCELoss(nn.Module):
    def __init__(self, num_classes=10, a=1, b=1):
        super(SCELoss, self).__init__()
        self.num_classes = num_classes
        self.a = a #两个超参数
        self.b = b
        self.cross_entropy = nn.CrossEntropyLoss(reduction='none')

    def forward(self, pred, labels):
        # CE 部分，正常的交叉熵损失
        ce = self.cross_entropy(pred, labels)

        # RCE
        pred = F.softmax(pred, dim=1)
        pred = torch.clamp(pred, min=1e-7, max=1.0)
        label_one_hot = F.one_hot(labels, self.num_classes).float().to(pred.device)
        label_one_hot = torch.clamp(label_one_hot, min=1e-4, max=1.0) #最小设为 1e-4，即 A 取 -4
        rce = (-1 * torch.sum(pred * torch.log(label_one_hot), dim=1))

        loss = self.a * ce + self.b * rce
        return loss


# Driver
torch.manual_seed(0)
criterion = SCELoss(num_classes=5, a=0.1, b=1.0)
pred = torch.randn(4, 5, requires_grad=True)
labels = torch.tensor([4, 2, 0, 2])
loss = criterion(pred, labels)
print(loss)
loss.mean().backward()
print(pred.grad)
