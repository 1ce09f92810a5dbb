# Source: https://github.com/Kyaw-Thiha/hsdt-lightning/blob/84db6cd64e275724e9c21ebe1f0066daafd992ca/metrics/charbonnier.py
# (the loss as written there; the lines after "usage" are ours: how a person calls it)
import torch


def charbonnier_loss(pred: torch.Tensor, target: torch.Tensor, eps: float = 1e-3) -> torch.Tensor:
    # smooth |x| ≈ sqrt(x^2 + eps^2); robust like L1 but smooth near 0
    diff = pred - target
    loss = torch.sqrt(diff * diff + eps * eps)
    return loss.mean()


# usage
pred = torch.tensor([0.8, -0.3, 1.5], requires_grad=True)
target = torch.tensor([0.5, 0.5, 0.5])
loss = charbonnier_loss(pred, target)
loss.backward()
print(loss, pred.grad)
