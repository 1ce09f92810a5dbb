# Loss Lens lint corpus, a buggy snippet: the case of https://php.xlycwl.com/faq/1652446.html ("RuntimeError: expected
# scalar type Long but found Float" from CrossEntropyLoss: class indices stored as float; the fix is labels.long())
import torch
import torch.nn as nn

criterion = nn.CrossEntropyLoss()
outputs = torch.randn(4, 10)  # logits (N, C)
labels = torch.tensor([1.0, 0.0, 4.0, 9.0])  # class indices, but float
loss = criterion(outputs, labels)  # expect: cross-entropy-target-dtype
