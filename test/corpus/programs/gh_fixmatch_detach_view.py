# Source: github.com/kekmodel/FixMatch-pytorch, train.py (train(): the labeled loss Lx and the masked pseudo-label
# loss Lu; the model's output is replaced by fixed logits). As written it detaches a chunk of the logits in place,
# which PyTorch refuses for a view ("Can't detach views in-place").
import torch
import torch.nn.functional as F


class args:
    threshold = 0.95
    lambda_u = 1


# Driver: logits for 2 labeled and 2 x 3 unlabeled images (weak, strong), as model(inputs) returns them
torch.manual_seed(0)
batch_size = 2
weights = torch.randn(8, 4, requires_grad=True)
logits = weights * 3
targets_x = torch.tensor([1, 3])
logits_x = logits[:batch_size]
logits_u_w, logits_u_s = logits[batch_size:].chunk(2)
del logits

Lx = F.cross_entropy(logits_x, targets_x, reduction='mean')
print(Lx)

pseudo_label = torch.softmax(logits_u_w.detach_(), dim=-1)
max_probs, targets_u = torch.max(pseudo_label, dim=-1)
mask = max_probs.ge(args.threshold).float()

Lu = (F.cross_entropy(logits_u_s, targets_u,
                      reduction='none') * mask).mean()

loss = Lx + args.lambda_u * Lu
loss.backward()
print(loss.item(), mask.mean().item())
