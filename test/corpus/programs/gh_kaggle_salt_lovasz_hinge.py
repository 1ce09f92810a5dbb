# Source: github.com/marvelousNinja/kaggle-salt, salt/losses.py (def lovasz_hinge_loss and its helpers)
import torch

def flat_lovasz_hinge_grad(gt_sorted):
    gts = gt_sorted.sum()
    intersection = gts - gt_sorted.float().cumsum(0)
    union = gts + (1 - gt_sorted).float().cumsum(0)
    jaccard = 1. - intersection / union
    jaccard[1:] = jaccard[1:] - jaccard[0:-1]
    return jaccard

def flat_lovasz_hinge_loss(logits, labels):
    signs = 2. * labels.float() - 1.
    errors = 1 - signs * logits
    errors_sorted, indicies = torch.sort(errors, dim=0, descending=True)
    labels_sorted = labels[indicies]
    grad = flat_lovasz_hinge_grad(labels_sorted)
    return torch.dot(torch.nn.functional.elu(errors_sorted) + 1, grad)

def lovasz_hinge_loss(logits, labels, average=True):
    losses = []
    for sample_logits, sample_labels in zip(logits, labels):
        losses.append(flat_lovasz_hinge_loss(sample_logits.view(-1), sample_labels.view(-1)))
    if average: return sum(losses) / len(losses)
    return torch.cat(losses)

# Driver
torch.manual_seed(0)
logits = torch.randn(2, 3, 3, requires_grad=True)
labels = (torch.rand(2, 3, 3) > 0.5).float()
loss = lovasz_hinge_loss(logits, labels)
print(loss)
loss.backward()
print(logits.grad)
