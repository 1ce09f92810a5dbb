# Source: github.com/okotaku/diffengine, diffengine/models/losses/snr_l2_loss.py (compute_snr, class SNRL2Loss;
# docstrings and the MODELS.register_module() decorator dropped). The driver's alphas_cumprod is a scaled-linear
# schedule's, as diffusers' DDPMScheduler makes it for Stable Diffusion.
import torch
import torch.nn as nn
import torch.nn.functional as F


def compute_snr(timesteps, alphas_cumprod):
    sqrt_alphas_cumprod = alphas_cumprod**0.5
    sqrt_one_minus_alphas_cumprod = (1.0 - alphas_cumprod)**0.5

    # Expand the tensors.
    # Adapted from https://github.com/TiankaiHang/Min-SNR-Diffusion-Training/blob/521b624bd70c67cee4bdf49225915f5945a872e3/guided_diffusion/gaussian_diffusion.py#L1026  # noqa
    sqrt_alphas_cumprod = sqrt_alphas_cumprod.to(
        device=timesteps.device)[timesteps].float()
    while len(sqrt_alphas_cumprod.shape) < len(timesteps.shape):
        sqrt_alphas_cumprod = sqrt_alphas_cumprod[..., None]
    alpha = sqrt_alphas_cumprod.expand(timesteps.shape)

    sqrt_one_minus_alphas_cumprod = sqrt_one_minus_alphas_cumprod.to(
        device=timesteps.device)[timesteps].float()
    while len(sqrt_one_minus_alphas_cumprod.shape) < len(timesteps.shape):
        sqrt_one_minus_alphas_cumprod = sqrt_one_minus_alphas_cumprod[...,
                                                                      None]
    sigma = sqrt_one_minus_alphas_cumprod.expand(timesteps.shape)

    # Compute SNR.
    snr = (alpha / sigma)**2
    return snr


class SNRL2Loss(nn.Module):
    def __init__(self,
                 loss_weight: float = 1.0,
                 snr_gamma: float = 5.0,
                 loss_name: str = 'snrl2') -> None:

        super(SNRL2Loss, self).__init__()
        self.loss_weight = loss_weight
        self.snr_gamma = snr_gamma
        self._loss_name = loss_name

    def forward(self, pred: torch.Tensor, gt: torch.Tensor, timesteps: int,
                alphas_cumprod: float) -> torch.Tensor:
        snr = compute_snr(timesteps, alphas_cumprod)
        mse_loss_weights = (
            torch.stack([snr, self.snr_gamma * torch.ones_like(timesteps)],
                        dim=1).min(dim=1)[0] / snr)
        loss = F.mse_loss(pred, gt, reduction='none')
        loss = loss.mean(
            dim=list(range(1, len(loss.shape)))) * mse_loss_weights
        loss = loss.mean()
        return loss * self.loss_weight


# Driver
torch.manual_seed(0)
betas = torch.linspace(0.00085**0.5, 0.012**0.5, 1000, dtype=torch.float32) ** 2
alphas_cumprod = torch.cumprod(1.0 - betas, dim=0)
model_pred = torch.randn(4, 4, 8, 8, requires_grad=True)
noise = torch.randn(4, 4, 8, 8)
timesteps = torch.tensor([3, 250, 640, 999])
print(compute_snr(timesteps, alphas_cumprod))
loss = SNRL2Loss()(model_pred, noise, timesteps, alphas_cumprod)
print(loss)
loss.backward()
print(model_pred.grad[3, 0, :2])
