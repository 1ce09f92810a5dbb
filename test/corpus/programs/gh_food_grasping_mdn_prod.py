# Source: github.com/Kaisei0504/food-grasping-uncertainty, lib/loss_func.py (class MDN_loss)
import math
import torch
import torch.nn as nn


class MDN_loss(nn.Module):
    def __init__(self):
        super(MDN_loss, self).__init__()
        self.ONEOVERSQRT2PI = 1.0 / math.sqrt(2 * math.pi)

    def gaussian_probability(self, sigma, mu, target):
        target = target.unsqueeze(1).expand_as(sigma)
        ret = self.ONEOVERSQRT2PI * torch.exp(-0.5*((target-mu)/sigma)**2) / sigma
        return torch.prod(ret, 2)

    def forward(self, pi, sigma, mu, target):
        # Calculates the error, given the MoG parameters and the target
        # The loss is the negative log likelihood of the data given the MoG parameters.
        prob = pi * self.gaussian_probability(sigma, mu, target)
        nll  = -torch.log(torch.sum(prob, dim=1))
        loss = torch.mean(nll)
        return loss


# Driver: an MDN head's outputs for 4 samples, 3 Gaussians, 2 output dimensions (softmax weights, exp sigmas)
torch.manual_seed(0)
raw = torch.randn(4, 3 + 3 * 2 + 3 * 2, requires_grad=True)
pi = torch.softmax(raw[:, :3], dim=1)
sigma = torch.exp(raw[:, 3:9]).view(-1, 3, 2)
mu = raw[:, 9:].reshape(-1, 3, 2)
target = torch.randn(4, 2)
criterion = MDN_loss()
loss = criterion(pi, sigma, mu, target)
print(loss)
loss.backward()
print(raw.grad)
