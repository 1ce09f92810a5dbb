# Source: github.com/rangehow/sft, test.py (whole file: the second call passes weight= to the criterion's call; seed is the driver's)
import torch
from torch import nn
torch.manual_seed(0)

# Example of target with class indices
loss = nn.CrossEntropyLoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.empty(3, dtype=torch.long).random_(5)
output = loss(input, target)
output.backward()
# Example of target with class probabilities
weight=[0,0,1]
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5).softmax(dim=1)
output = loss(input, target,weight=weight)
print(output)
