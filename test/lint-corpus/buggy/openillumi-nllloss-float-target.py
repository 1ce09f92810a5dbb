# Loss Lens lint corpus, a buggy snippet: https://openillumi.com/?p=8593 (nn.NLLLoss with float labels: "expected scalar
# type Long but found Float"; the recommended fix is criterion(output, labels.long()))
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(4, 3)
criterion = nn.NLLLoss()
X = torch.randn(6, 4)
labels = torch.tensor([0, 2, 1, 1, 0, 2]).float()
output = F.log_softmax(model(X), dim=1)
loss = criterion(output, labels)  # expect: cross-entropy-target-dtype
