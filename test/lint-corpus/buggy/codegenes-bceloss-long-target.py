# Loss Lens lint corpus, a buggy snippet: https://www.codegenes.net/blog/pytorch-bceloss-got-torchfloattensor-but-expected-torchlongtensor-other
# ("BCELoss expects the target tensor to be of type torch.FloatTensor ... If the target tensor is of type torch.LongTensor this error will be raised")
import torch
import torch.nn as nn

criterion = nn.BCELoss()
predictions = torch.sigmoid(torch.randn(10))  # Predicted probabilities
targets = torch.randint(0, 2, (10,))  # Actual binary labels, left as int64
loss = criterion(predictions, targets)  # expect: bce-target-dtype
