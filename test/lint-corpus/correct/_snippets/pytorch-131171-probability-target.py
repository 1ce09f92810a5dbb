# Loss Lens lint corpus, a correct snippet: the F.cross_entropy docstring example discussed in
# https://github.com/pytorch/pytorch/pull/131171 (the softmax is on the target: class probabilities, legal since 1.10)
import torch
import torch.nn.functional as F

# Example of target with class indices
input = torch.randn(3, 5, requires_grad=True)
target = torch.randint(5, (3,), dtype=torch.int64)
loss = F.cross_entropy(input, target)
loss.backward()

# Example of target with class probabilities
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5).softmax(dim=1)
loss = F.cross_entropy(input, target)
loss.backward()
