# Source: github.com/zrguo/SuMi, src/utils.py (def accuracy, under torch.no_grad())
import torch
import torch.nn as nn



def accuracy(output, target, topk=(1,)):
    """Computes the accuracy over the k top predictions for the specified values of k"""
    with torch.no_grad():
        target = torch.argmax(target, dim=1)
        target = target.to(output.device)

        maxk = max(topk)
        batch_size = target.size(0)

        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))

        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res

# Driver: a training step's loss and its accuracy on one-hot targets
torch.manual_seed(0)
output = torch.randn(4, 5, requires_grad=True)
target = torch.eye(5)[[1, 0, 3, 3]]
loss = nn.CrossEntropyLoss()(output, target)
print(loss)
print(accuracy(output, target, topk=(1, 3)))
loss.backward()
print(output.grad[0])
