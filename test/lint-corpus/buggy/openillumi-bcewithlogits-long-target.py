# Loss Lens lint corpus, a buggy snippet: https://openillumi.com/en/en-pytorch-float-long-cast-error-fix
# ("RuntimeError: result type Float can't be cast to the desired output type Long": BCEWithLogitsLoss given int64 labels;
# the page's fix is criterion(y_pred, y.float()))
import torch
import torch.nn as nn

model = nn.Linear(4, 1)
criterion = nn.BCEWithLogitsLoss()
X = torch.randn(8, 4)
y = torch.tensor([0, 1, 1, 0, 1, 0, 0, 1]).unsqueeze(1)
y_pred = model(X)
loss = criterion(y_pred, y)  # expect: bce-target-dtype
