# Source: github.com/huggingface/transformers, src/transformers/loss/loss_utils.py (fixed_cross_entropy,
# ForCausalLMLoss). The driver is a causal LM's head: labels with -100 on the prompt, and the gradient-accumulation
# form that divides a summed loss by the number of label tokens.
from typing import Optional

import torch
import torch.nn as nn


def fixed_cross_entropy(
    source: torch.Tensor,
    target: torch.Tensor,
    num_items_in_batch: Optional[torch.Tensor] = None,
    ignore_index: int = -100,
    **kwargs,
) -> torch.Tensor:
    reduction = "sum" if num_items_in_batch is not None else "mean"
    loss = nn.functional.cross_entropy(source, target, ignore_index=ignore_index, reduction=reduction)
    if reduction == "sum":
        # just in case users pass an int for num_items_in_batch, which could be the case for custom trainer
        if torch.is_tensor(num_items_in_batch):
            num_items_in_batch = num_items_in_batch.to(loss.device)
        loss = loss / num_items_in_batch
    return loss


def ForCausalLMLoss(
    logits,
    labels,
    vocab_size: int,
    num_items_in_batch: Optional[torch.Tensor] = None,
    ignore_index: int = -100,
    shift_labels: Optional[torch.Tensor] = None,
    **kwargs,
) -> torch.Tensor:
    # Upcast to float if we need to compute the loss to avoid potential precision issues
    logits = logits.float()

    if shift_labels is None:
        # Shift so that tokens < n predict n
        labels = nn.functional.pad(labels, (0, 1), value=ignore_index)
        shift_labels = labels[..., 1:].contiguous()

    # Flatten the tokens
    logits = logits.view(-1, vocab_size)
    shift_labels = shift_labels.view(-1)
    # Enable model parallelism
    shift_labels = shift_labels.to(logits.device)
    loss = fixed_cross_entropy(logits, shift_labels, num_items_in_batch, ignore_index, **kwargs)
    return loss


# Driver
torch.manual_seed(0)
vocab_size = 11
logits = torch.randn(2, 6, vocab_size, dtype=torch.float64, requires_grad=True)
input_ids = torch.randint(0, vocab_size, (2, 6))
labels = input_ids.clone()
labels[:, :2] = -100
labels[1, 5] = -100
loss = ForCausalLMLoss(logits, labels, vocab_size)
print(loss)
num_items_in_batch = (labels[..., 1:] != -100).sum()
loss_ga = ForCausalLMLoss(logits, labels, vocab_size, num_items_in_batch=num_items_in_batch)
print(num_items_in_batch, loss_ga)
(loss + loss_ga).backward()
print(logits.grad[1, 3:])
