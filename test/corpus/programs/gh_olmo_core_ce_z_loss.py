# Source: github.com/allenai/OLMo-core, src/olmo_core/nn/functional/cross_entropy_loss.py (def cross_entropy_loss, with
# its imports; the liger-kernel fused variant below it dropped). The driver is a language model's next-token step:
# logits flattened over (batch, tokens), padding labelled -100, z-loss on, as OLMo's trainer calls it.
import logging
from typing import Callable, Literal, Optional, Tuple

import torch
import torch.nn.functional as F

__all__ = ["cross_entropy_loss", "fused_linear_cross_entropy_loss"]

log = logging.getLogger(__name__)


def cross_entropy_loss(
    logits: torch.Tensor,
    labels: torch.Tensor,
    *,
    ignore_index: int = -100,
    reduction: Literal["mean", "sum", "none"] = "mean",
    compute_z_loss: bool = False,
    z_loss_multiplier: float = 1e-4,
) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
    """
    Cross entropy loss that optionally computes the softmax auxiliary loss (z-loss) as well.

    :param logits: Predicted unnormalized logits with shape ``(N, vocab_size)``.
    :param labels: Ground truth class indices with shape ``(N,)``.
    :param ignore_index: Specifies a target value that is ignored and does not contribute to
        the input gradient.
    :param reduction: Specifies the reduction to apply to the output.
        Can be "none", "mean", or "sum".
    :param compute_z_loss: Compute the softmax auxiliary loss as well.
    :param z_loss_multiplier: The multiplier to apply to the z-loss.

    :returns: The cross entropy loss and optionally the z-loss.
    """
    logits = logits.float()
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_index, reduction=reduction)

    if not compute_z_loss:
        return loss, None

    z_squared = logits.logsumexp(-1).pow(2)
    mask = labels != ignore_index
    if reduction == "mean":
        z_squared = (z_squared * mask).sum() / mask.sum()
    elif reduction == "sum":
        z_squared = (z_squared * mask).sum()

    z_loss = z_loss_multiplier * z_squared

    return loss, z_loss


# Driver
torch.manual_seed(0)
logits = (3 * torch.randn(2, 5, 16)).requires_grad_()
labels = torch.randint(0, 16, (2, 5))
labels[1, 3:] = -100
ce_loss, z_loss = cross_entropy_loss(logits.view(-1, 16), labels.view(-1), compute_z_loss=True, z_loss_multiplier=1e-2)
print(ce_loss, z_loss)
per_token, z_none = cross_entropy_loss(logits.view(-1, 16), labels.view(-1), reduction="none", compute_z_loss=True)
print(per_token, z_none)
loss = ce_loss + z_loss
loss.backward()
print(loss)
print(logits.grad[1, 2:])
