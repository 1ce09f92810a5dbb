# Source: github.com/thekoshkina/learned_image_compression, ratedistortionloss.py (class RateDistortionLoss; docstrings
# dropped to keep the file short)
import torch
import torch.nn as nn


class RateDistortionLoss(nn.Module):
	def __init__(self, type="sigmoid", constant_lambda=True):
		super(RateDistortionLoss, self).__init__()
		if type == "normal":
			self.hyper_cumulative = self.simple_cumulative
		elif type == "sigmoid":
			self.hyper_cumulative = self.sigmoid_cumulative
		
		if constant_lambda:
			self.assign_lambda = self.constant_lambda
		else:
			self.assign_lambda = self.lambda_update
			self.epsilon = 1e-2
	
	def cumulative(self, mu, sigma, x):
		half = 0.5
		const = (2 ** -0.5)
		return half * (1 + torch.erf((x - mu) / (const * sigma)))

	def simple_cumulative(self, x):
		half = 0.5
		const = -(2 ** -0.5)
		return half * torch.erf(const * x)

	def sigmoid_cumulative(self, x):
		return torch.sigmoid(x)
	
	def lambda_update(self, lam, distortion):
		return self.epsilon * distortion + lam

	def constant_lambda(self, lam, distortion):
		return 0.025
	
	def latent_rate(self, mu, sigma, y):
		upper = self.cumulative(mu, sigma, (y + .5))
		lower = self.cumulative(mu, sigma, (y - .5))
		return -torch.sum(torch.log2(torch.abs(upper - lower)), dim=(1, 2, 3))
	
	def hyperlatent_rate(self, z):
		upper = self.hyper_cumulative(z + .5)
		lower = self.hyper_cumulative(z - .5)
		return -torch.sum(torch.log2(torch.abs(upper - lower)), dim=(1, 2, 3))
	
	def forward(self, x, x_hat, mu, sigma, y_hat, z, lam):
		distortion = torch.mean((x - x_hat).pow(2))
		latent_rate = torch.mean(self.latent_rate(mu, sigma, y_hat))
		hyperlatent_rate = torch.mean(self.hyperlatent_rate(z))
		lam = self.assign_lambda(lam, distortion)
		loss = lam * distortion + latent_rate + hyperlatent_rate
		return loss, lam

# Driver
torch.manual_seed(0)
x = torch.rand(1, 1, 2, 2)
x_hat = torch.rand(1, 1, 2, 2, requires_grad=True)
mu = torch.randn(1, 2, 2, 2, requires_grad=True)
sigma = torch.rand(1, 2, 2, 2) + 2.0
y_hat = mu.detach() + 0.5 * torch.randn(1, 2, 2, 2)
z = torch.randn(1, 1, 2, 2)
loss, lam = RateDistortionLoss(type="normal", constant_lambda=False)(x, x_hat, mu, sigma, y_hat, z, 0.01)
print(loss, lam)
loss.backward()
print(mu.grad)
