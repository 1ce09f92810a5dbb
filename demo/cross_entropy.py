# CrossEntropyLoss takes raw logits and class indices; it is log_softmax followed by NLLLoss.
import torch
import torch.nn as nn
import torch.nn.functional as F

logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], requires_grad=True)
target = torch.tensor([0, 2])

criterion = nn.CrossEntropyLoss()
loss = criterion(logits, target)
loss.backward()
print(loss)
print(logits.grad)

print(F.nll_loss(F.log_softmax(logits, dim=1), target))
print(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, target))
print(F.cross_entropy(logits, target, reduction='none'))
