# Source: https://www.codegenes.net/blog/pytorch-docs-loss (cross-entropy example; the seed is the driver's)
import torch
import torch.nn as nn
torch.manual_seed(0)
# Generate some sample logits and labels
logits = torch.randn(10, 5) # 10 samples, 5 classes
labels = torch.randint(0, 5, (10,))
criterion = nn.CrossEntropyLoss()
loss = criterion(logits, labels)
print(f'Cross - Entropy Loss: {loss.item()}')
