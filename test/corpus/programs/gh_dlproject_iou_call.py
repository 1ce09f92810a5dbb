# Source: github.com/lifeizhu-cmu/DLProject, loss.py (class IOULoss)
import torch
import torch.nn as nn

class IOULoss(nn.Module):
    def __init__(self):
        super(IOULoss, self).__init__()

    def __call__(self, *args):
        return self.forward(*args)

    def forward(self, predicted, target, smooth=1e-3):
        y_pred = torch.flatten(predicted)
        y_true = torch.flatten(target)
        
        intersection = torch.sum(y_true * y_pred)
        union = torch.sum(y_true) + torch.sum(y_pred) - intersection
        
        return -(intersection + 2 * smooth) / (union + smooth)

# Driver
torch.manual_seed(0)
predicted = torch.rand(2, 3, requires_grad=True)
target = torch.tensor([[1., 0., 1.], [0., 1., 1.]])
loss = IOULoss()(predicted, target)
print(loss)
loss.backward()
print(predicted.grad)
