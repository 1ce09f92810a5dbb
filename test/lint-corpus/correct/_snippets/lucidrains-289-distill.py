# Loss Lens lint corpus, a correct snippet: the distillation loss quoted in https://github.com/lucidrains/vit-pytorch/issues/289
import torch.nn.functional as F


def distill(distill_logits, teacher_logits, T):
    distill_loss = F.kl_div(
                F.log_softmax(distill_logits / T, dim=-1),
                F.softmax(teacher_logits / T, dim=-1).detach(),
                reduction='batchmean')
    return distill_loss
