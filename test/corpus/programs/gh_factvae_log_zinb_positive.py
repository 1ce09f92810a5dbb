# Source: github.com/WangDaMiao97/FactVAE, FactVAE/loss.py (def log_zinb_positive)
import torch
from torch.nn import functional as F

def log_zinb_positive(x, mu, theta, pi, mask=None, eps=1e-8):
    x = x.float()

    if theta.ndimension() == 1:
        theta = theta.view(1, theta.size(0))

    softplus_pi = F.softplus(-pi)
    log_theta_eps = torch.log(theta + eps)
    log_theta_mu_eps = torch.log(theta + mu + eps)
    pi_theta_log = -pi + theta * (log_theta_eps - log_theta_mu_eps)
    case_zero = F.softplus(pi_theta_log) - softplus_pi
    mul_case_zero = torch.mul((x < eps).type(torch.float32), case_zero)

    case_non_zero = (-softplus_pi + pi_theta_log
                     + x * (torch.log(mu + eps) - log_theta_mu_eps)
                     + torch.lgamma(x + theta)
                     - torch.lgamma(theta)
                     - torch.lgamma(x + 1))

    mul_case_non_zero = torch.mul((x > eps).type(torch.float32), case_non_zero)
    res = mul_case_zero + mul_case_non_zero
    if mask is not None:
        res = res[:, mask]
    return - torch.sum(res, dim=1)

# Driver
torch.manual_seed(0)
x = torch.tensor([[0, 3, 1, 0], [2, 0, 0, 7]])
mu_raw = torch.randn(2, 4, requires_grad=True)
mu = torch.exp(mu_raw)
theta = torch.exp(torch.randn(4))
pi = torch.randn(2, 4)
loss = log_zinb_positive(x, mu, theta, pi).mean()
print(loss)
loss.backward()
print(mu_raw.grad)
