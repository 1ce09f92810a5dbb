# Source: github.com/bmaltais/kohya_ss, library/custom_train_functions.py (def apply_snr_weight, first version). The
# driver stands in for diffusers' DDPMScheduler with the alphas_cumprod of its default linear beta schedule, and
# weights a per-sample noise-prediction MSE as train_network.py does.
import torch
import torch.nn.functional as F

def apply_snr_weight(loss, timesteps, noise_scheduler, gamma): 
  alphas_cumprod = noise_scheduler.alphas_cumprod
  sqrt_alphas_cumprod = torch.sqrt(alphas_cumprod)
  sqrt_one_minus_alphas_cumprod = torch.sqrt(1.0 - alphas_cumprod)
  alpha = sqrt_alphas_cumprod
  sigma = sqrt_one_minus_alphas_cumprod
  all_snr = (alpha / sigma) ** 2
  snr = torch.stack([all_snr[t] for t in timesteps])
  gamma_over_snr = torch.div(torch.ones_like(snr)*gamma,snr)
  snr_weight = torch.minimum(gamma_over_snr,torch.ones_like(gamma_over_snr)).float() #from paper
  loss = loss * snr_weight
  return loss


# Driver
class Scheduler:
    def __init__(self, num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012):
        self.betas = torch.linspace(beta_start**0.5, beta_end**0.5, num_train_timesteps, dtype=torch.float32) ** 2
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, dim=0)


torch.manual_seed(0)
noise_scheduler = Scheduler()
noise_pred = torch.randn(3, 4, 4, 4, requires_grad=True)
noise = torch.randn(3, 4, 4, 4)
timesteps = torch.randint(0, 1000, (3,))
loss = F.mse_loss(noise_pred.float(), noise.float(), reduction="none")
loss = loss.mean([1, 2, 3])
print(timesteps)
loss = apply_snr_weight(loss, timesteps, noise_scheduler, 5.0)
print(loss)
loss = loss.mean()
loss.backward()
print(loss)
print(noise_pred.grad[0, 0])
