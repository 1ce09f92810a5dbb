# Source: github.com/sieu-n/awesome-modular-pytorch-lightning, algorithms/rdrop.py (compute_kl_loss, after
# github.com/dropreg/R-Drop)
import torch
import torch.nn.functional as F


def compute_kl_loss(p, q, pad_mask=None):
    # https://github.com/dropreg/R-Drop/blob/3d97565595747f3b3d9c4701cb2fb824a9139913/vit_src/models/modeling.py#L290
    p_loss = F.kl_div(F.log_softmax(p, dim=-1), F.softmax(q, dim=-1), reduction='none')
    q_loss = F.kl_div(F.log_softmax(q, dim=-1), F.softmax(p, dim=-1), reduction='none')

    # pad_mask is for seq-level tasks
    if pad_mask is not None:
        p_loss.masked_fill_(pad_mask, 0.)
        q_loss.masked_fill_(pad_mask, 0.)

    # NOTE sum is for image classification
    p_loss = p_loss.sum()
    q_loss = q_loss.sum()

    loss = (p_loss + q_loss) / 2
    return loss


# Driver: two dropout forward passes of a token classifier (dropout with a fixed seed), CE + alpha * KL,
# as R-Drop's README writes it; padding positions masked
torch.manual_seed(0)
hidden = torch.randn(2, 3, 4, requires_grad=True)
labels = torch.tensor([[1, 0, 3], [2, 2, 0]])
logits = F.dropout(hidden, p=0.25, training=True) * 2
logits2 = F.dropout(hidden, p=0.25, training=True) * 2
ce_loss = 0.5 * (F.cross_entropy(logits.view(-1, 4), labels.view(-1)) + F.cross_entropy(logits2.view(-1, 4), labels.view(-1)))
pad_mask = torch.tensor([[False, False, True], [False, False, False]]).unsqueeze(-1)
kl_loss = compute_kl_loss(logits, logits2, pad_mask=pad_mask)
loss = ce_loss + 4 * kl_loss
print(ce_loss, kl_loss)
print(loss)
loss.backward()
print(hidden.grad)
