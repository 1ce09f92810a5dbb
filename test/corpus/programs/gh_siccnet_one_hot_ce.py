# Source: github.com/Brilliant-sunshine/SICCNet, loss_CrossEntropy.py (class one_hot_CrossEntropy, whole file)
import torch


class one_hot_CrossEntropy(torch.nn.Module):

    def __init__(self):
        super(one_hot_CrossEntropy, self).__init__()

    def forward(self, x, y):
        P_i = torch.nn.functional.softmax(x, dim=1)
        loss = y * torch.log(P_i + 0.0000001)
        loss = -torch.mean(torch.sum(loss, dim=1), dim=0)
        return loss

# Driver
torch.manual_seed(0)
x = torch.randn(3, 3, requires_grad=True)
y = torch.eye(3)
loss = one_hot_CrossEntropy()(x, y)
print(loss)
loss.backward()
print(x.grad)
