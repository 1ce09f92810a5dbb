# NLLLoss expects log-probabilities: put LogSoftmax before it.
import torch
import torch.nn as nn

torch.manual_seed(0)
m = nn.LogSoftmax(dim=1)
loss = nn.NLLLoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.tensor([1, 0, 4])
output = loss(m(input), target)
output.backward()
print(output)
print(input.grad)
