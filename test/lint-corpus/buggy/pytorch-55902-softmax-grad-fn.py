# Loss Lens lint corpus, a buggy snippet: the case of https://github.com/pytorch/pytorch/issues/55902
# ("When torch.nn.CrossEntropy_loss or F.cross_entropy is called on a tensor where the grad_fn is SoftmaxBackward
# display a warning": PyTorch declined it, citing false negatives through views)
import torch
import torch.nn.functional as F

logits = torch.randn(4, 3, requires_grad=True)
target = torch.tensor([0, 2, 1, 1])
probs = F.softmax(logits, dim=1)
loss = F.cross_entropy(probs, target)  # expect: softmax-before-cross-entropy
probs_view = probs.view(4, 3)  # the view that would hide SoftmaxBackward from a runtime check
loss2 = F.cross_entropy(probs_view, target)  # expect: softmax-before-cross-entropy
