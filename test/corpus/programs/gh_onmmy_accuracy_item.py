# Source: github.com/OnMMy-ai/OnMMy-AA, src/utils.py (def accuracy, whole file)
import torch

def accuracy(output, target):
    with torch.no_grad():
        preds = output.argmax(dim=1)
        correct = (preds == target).sum().item()
        return correct / target.size(0)

# Driver: loss and accuracy of one batch
torch.manual_seed(0)
output = torch.randn(6, 3, requires_grad=True)
target = torch.tensor([0, 1, 2, 0, 1, 2])
loss = torch.nn.functional.cross_entropy(output, target)
print(f"loss {loss.item():.4f} acc {accuracy(output, target):.3f}")
loss.backward()
print(output.grad)
