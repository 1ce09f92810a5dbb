# HingeEmbeddingLoss: x where y = 1, max(0, margin - x) where y = -1.
import torch
import torch.nn as nn

inputs = torch.tensor([[1., 0.8, 0.5]])
target = torch.tensor([[1, 1, -1]])

loss_f = nn.HingeEmbeddingLoss(margin=1, reduction='none')
loss = loss_f(inputs, target)
print("Hinge Embedding Loss", loss)

# compute by hand
margin = 1.
print(max(0, margin - inputs.numpy()[0, 2]))
