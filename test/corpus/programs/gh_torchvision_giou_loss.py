# Source: github.com/pytorch/vision, torchvision/ops/giou_loss.py (def generalized_box_iou_loss, the version after
# fvcore's; docstring dropped). That file annotates `Optional[str]` without importing it; the driver's import of
# typing.Optional stands in for torchvision's. The driver regresses predicted boxes onto targets, as DETR-style heads do.
import torch
from typing import Optional


def generalized_box_iou_loss(
    boxes1: torch.Tensor,
    boxes2: torch.Tensor,
    reduction: Optional[str] = None,
    eps: float = 1e-7,
) -> torch.Tensor:

    x1, y1, x2, y2 = boxes1.unbind(dim=-1)
    x1g, y1g, x2g, y2g = boxes2.unbind(dim=-1)

    assert (x2 >= x1).all(), "bad box: x1 larger than x2"
    assert (y2 >= y1).all(), "bad box: y1 larger than y2"

    # Intersection keypoints
    xkis1 = torch.max(x1, x1g)
    ykis1 = torch.max(y1, y1g)
    xkis2 = torch.min(x2, x2g)
    ykis2 = torch.min(y2, y2g)

    intsctk = torch.zeros_like(x1)
    mask = (ykis2 > ykis1) & (xkis2 > xkis1)
    intsctk[mask] = (xkis2[mask] - xkis1[mask]) * (ykis2[mask] - ykis1[mask])
    unionk = (x2 - x1) * (y2 - y1) + (x2g - x1g) * (y2g - y1g) - intsctk
    iouk = intsctk / (unionk + eps)

    # smallest enclosing box
    xc1 = torch.min(x1, x1g)
    yc1 = torch.min(y1, y1g)
    xc2 = torch.max(x2, x2g)
    yc2 = torch.max(y2, y2g)

    area_c = (xc2 - xc1) * (yc2 - yc1)
    miouk = iouk - ((area_c - unionk) / (area_c + eps))

    loss = 1 - miouk

    if reduction == "mean":
        loss = loss.mean() if loss.numel() > 0 else 0.0 * loss.sum()
    elif reduction == "sum":
        loss = loss.sum()

    return loss


# Driver: boxes as (cx, cy, w, h) from a head, converted to corners
torch.manual_seed(0)
raw = torch.randn(5, 4, requires_grad=True)
cxcywh = torch.cat([raw[:, :2].sigmoid(), raw[:, 2:].sigmoid() * 0.5], dim=1)
pred = torch.cat([cxcywh[:, :2] - cxcywh[:, 2:] / 2, cxcywh[:, :2] + cxcywh[:, 2:] / 2], dim=1)
target = torch.tensor([[0.1, 0.1, 0.4, 0.5], [0.5, 0.2, 0.9, 0.6], [0.0, 0.6, 0.3, 0.9],
                       [0.3, 0.3, 0.6, 0.6], [0.7, 0.7, 0.95, 0.9]])
print(generalized_box_iou_loss(pred, target))
loss = generalized_box_iou_loss(pred, target, reduction="mean")
print(loss)
loss.backward()
print(raw.grad)
