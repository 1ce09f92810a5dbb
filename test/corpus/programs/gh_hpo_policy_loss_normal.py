# Source: github.com/mily33/hyperparameter_optimization, loss_definition.py at commit c859d213 (class PolicyLoss,
# whole file)
from torch.distributions import Normal
import torch.nn as nn
import torch


class PolicyLoss(nn.Module):
    def __init__(self):
        super(PolicyLoss, self).__init__()

    def forward(self, data, mu, sigma):
        distribution = Normal(mu, sigma)
        loss_value = torch.mean(distribution.log_prob(data[:, 0]) * data[:, 1])
        return loss_value

# Driver
torch.manual_seed(0)
mu = torch.randn(5, requires_grad=True)
log_sigma = torch.zeros(5, requires_grad=True)
data = torch.randn(5, 2)
loss = PolicyLoss()(data, mu, log_sigma.exp())
print(loss)
loss.backward()
print(mu.grad)
print(log_sigma.grad)
