# Source: github.com/Raschka-research-group/coral-pytorch, coral_pytorch/losses.py (coral_loss; docstring dropped)
# with levels_from_labelbatch from coral_pytorch/dataset.py as the driver builds the levels
import torch.nn.functional as F
import torch


def coral_loss(logits, levels, importance_weights=None, reduction='mean'):
    if not logits.shape == levels.shape:
        raise ValueError("Please ensure that logits (%s) has the same shape as levels (%s). "
                         % (logits.shape, levels.shape))

    term1 = (F.logsigmoid(logits)*levels
                      + (F.logsigmoid(logits) - logits)*(1-levels))

    if importance_weights is not None:
        term1 *= importance_weights

    val = (-torch.sum(term1, dim=1))

    if reduction == 'mean':
        loss = torch.mean(val)
    elif reduction == 'sum':
        loss = torch.sum(val)
    elif reduction is None:
        loss = val
    else:
        s = ('Invalid value for `reduction`. Should be "mean", '
             '"sum", or None. Got %s' % reduction)
        raise ValueError(s)

    return loss


def levels_from_labelbatch(labels, num_classes, dtype=torch.float32):
    levels = []
    for label in labels:
        levels_from_label = (
            [1]*label + [0]*(num_classes - 1 - label))
        levels.append(levels_from_label)

    return torch.tensor(levels, dtype=dtype)


# Driver: the docstring's example, then a seeded batch with importance weights and each reduction
levels = torch.tensor(
   [[1., 1., 0., 0.],
    [1., 0., 0., 0.],
   [1., 1., 1., 1.]])
logits = torch.tensor(
   [[2.1, 1.8, -2.1, -1.8],
    [1.9, -1., -1.5, -1.3],
    [1.9, 1.8, 1.7, 1.6]])
print(coral_loss(logits, levels))

torch.manual_seed(0)
logits = torch.randn(4, 4, requires_grad=True)
levels = levels_from_labelbatch([0, 2, 4, 1], num_classes=5)
print(levels)
w = torch.tensor([1.0, 0.5, 0.5, 2.0])
loss = coral_loss(logits, levels, importance_weights=w)
print(loss)
loss.backward()
print(logits.grad)
print(coral_loss(logits, levels, reduction=None))
print(coral_loss(logits, levels, reduction='sum'))
try:
    coral_loss(logits, levels, reduction='none')
except ValueError as e:
    print(e)
coral_loss(logits[:, :3], levels)
