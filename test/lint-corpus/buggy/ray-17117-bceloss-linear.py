# Loss Lens lint corpus, a buggy snippet: https://github.com/ray-project/ray/issues/17117 ("RuntimeError: all elements of
# input should be between 0 and 1"): nn.Linear(1, 1) scores go straight into nn.BCELoss. The issue registers the model
# and criterion with a trainer that makes this call; here it is written out.
import torch
import torch.nn as nn

model = nn.Linear(1, 1)
criterion = torch.nn.BCELoss()
x = torch.randn(8, 1)
y = torch.rand(8, 1).round()
loss = criterion(model(x), y)  # expect: bce-on-logits
