# CosineEmbeddingLoss: 1 - cos(x1, x2) where y = 1, max(0, cos - margin) where y = -1.
# The target is 1-D (one label per row): the seed note's [[1, -1]] is an error in PyTorch.
import torch
import torch.nn as nn

x1 = torch.tensor([[0.3, 0.5, 0.7], [0.3, 0.5, 0.7]])
x2 = torch.tensor([[0.1, 0.3, 0.5], [0.1, 0.3, 0.5]])
target = torch.tensor([1, -1], dtype=torch.float)

loss_f = nn.CosineEmbeddingLoss(margin=0., reduction='none')
loss = loss_f(x1, x2, target)
print("Cosine Embedding Loss", loss)

# compute by hand
def cosine(a, b):
    numerator = torch.dot(a, b)
    denominator = torch.norm(a, 2) * torch.norm(b, 2)
    return float(numerator / denominator)

l_1 = 1 - cosine(x1[0], x2[0])
l_2 = max(0, cosine(x1[0], x2[0]))
print(l_1, l_2)
