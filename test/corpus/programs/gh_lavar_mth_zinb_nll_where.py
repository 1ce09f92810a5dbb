# Source: github.com/SKKUGoon/LAVAR-MTH, losses.py (def zinb_nll; docstring dropped)
import torch

def zinb_nll(
    pi: torch.Tensor,
    mu: torch.Tensor,
    theta: torch.Tensor,
    y: torch.Tensor,
    eps: float = 1e-8,
) -> torch.Tensor:
    mu = mu.clamp_min(eps)
    theta = theta.clamp_min(eps)
    y = y.clamp_min(0.0)
    pi = pi.clamp(min=eps, max=1.0 - eps)

    # NB log-prob for all y
    log_theta_mu = torch.log(theta + mu)
    nb_log_prob = (
        torch.lgamma(y + theta)
        - torch.lgamma(theta)
        - torch.lgamma(y + 1.0)
        + theta * (torch.log(theta) - log_theta_mu)
        + y * (torch.log(mu) - log_theta_mu)
    )

    # NB probability of zero: (theta / (theta + mu)) ** theta
    nb_p0 = torch.exp(theta * (torch.log(theta) - log_theta_mu))

    is_zero = (y == 0)
    log_prob_zero = torch.log(pi + (1.0 - pi) * nb_p0 + eps)
    log_prob_nonzero = torch.log(1.0 - pi + eps) + nb_log_prob
    log_prob = torch.where(is_zero, log_prob_zero, log_prob_nonzero)
    return (-log_prob).mean()

# Driver
torch.manual_seed(0)
y = torch.tensor([[0., 1., 4.], [2., 0., 0.]])
mu = torch.rand(2, 3, requires_grad=True)
theta = torch.rand(2, 3) * 3
pi = torch.rand(2, 3)
loss = zinb_nll(pi, mu, theta, y)
print(loss)
loss.backward()
print(mu.grad)
