# Source: github.com/varunagrawal/VisualQA, metrics.py (def accuracy, whole file; `import torch` is the driver's)
import torch

def accuracy(output, target):
    pred, indices = output.max(dim=1)

    acc = indices.eq(target).sum() / target.size(0)
    return acc

# Driver
torch.manual_seed(0)
output = torch.randn(5, 4)
target = torch.tensor([1, 2, 3, 0, 1])
print(output.max(dim=1))
print(accuracy(output, target))
