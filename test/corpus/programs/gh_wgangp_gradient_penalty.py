# Source: github.com/0nEwEi/Test, WGANGP/utils.py (gradient_penalty); the driver's critic is a small fixed function
import torch
import torch.nn as nn

def gradient_penalty(critic, real, fake, device="cpu"):
    BATCH_SIZE, C, H, W = real.shape

    epsilon = torch.rand((BATCH_SIZE, 1, 1, 1)).repeat(1, C, H, W).to(device)
    interpolated_images = real * epsilon + fake * (1 - epsilon)
    # RuntimeError: One of the differentiated Tensors does not require grad
    interpolated_images.requires_grad_(True) # if False, RuntimeError above occurs (line 19)
    
    # calculate critic scores
    mixed_scores = critic(interpolated_images)

    gradient = torch.autograd.grad(
        inputs=interpolated_images,
        outputs=mixed_scores,
        grad_outputs=torch.ones_like(mixed_scores),
        create_graph=True,
        # retain_graph=True, # perhaps use this to reuse fake in Generator training
    )[0]

    gradient = gradient.view(gradient.shape[0], -1)
    gradient_norm = gradient.norm(2, dim=1)
    gradient_penalty = torch.mean((gradient_norm - 1) ** 2)
    
    return gradient_penalty


# Driver: critic(x) = tanh(x * w) summed per image; loss_critic as the WGAN-GP training step writes it
torch.manual_seed(0)
w = torch.randn(1, 2, 2, 2, requires_grad=True)
critic = lambda x: torch.tanh(x * w).sum(dim=(1, 2, 3))
real = torch.randn(3, 2, 2, 2)
fake = torch.randn(3, 2, 2, 2)
critic_real = critic(real)
critic_fake = critic(fake)
gp = gradient_penalty(critic, real, fake)
print(gp)
loss_critic = -(torch.mean(critic_real) - torch.mean(critic_fake)) + 10 * gp
print(loss_critic)
loss_critic.backward()
print(w.grad)
