import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], requires_grad=True)
y = torch.tensor([0, 2])
criterion = nn.CrossEntropyLoss()
loss = criterion(x, y)
print(loss)
