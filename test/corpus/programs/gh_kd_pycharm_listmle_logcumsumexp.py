# Source: github.com/tmliang/KD_pycharm, kd_loss/listwise/listmle.py (class ListMLE) with kd_loss/base.py (class
# Sampler, class BaseLoss) that it imports; the driver is the file's commented-out __main__ block
import random
import torch
import torch.nn as nn


class Sampler(nn.Module):
	"""
	Using different actors to sample negative labels.
	random: sample randomly
	exp: sample with an exponential distribution
	prob: sample with a given probability distribution
	"""

	def __init__(self, num, actor, rate=0.005):
		super().__init__()
		self.num = num
		self.actor = actor
		self.rate = rate  # rate in exponential distribution sample. neg_num/(total_num*10)

	def forward(self, samples):
		assert samples.shape[1] >= self.num
		if self.actor == 'random':
			return self.random_sample(samples)
		elif self.actor == 'exp':
			return self.exp_sample(samples)
		elif self.actor == 'zipfs':
			return self.exp_sample(samples)
		else:
			return samples

	def random_sample(self, samples):
		ind = torch.randperm(samples.size(1))[:self.num].sort()[0]
		return samples[:, ind]

	def exp_sample(self, samples):
		probs = self.rate * torch.exp(-self.rate * torch.arange(0, samples.size(1)))
		ind = torch.multinomial(probs, self.num).sort()[0]
		return samples[:, ind]


class BaseLoss(nn.Module):
	"""
	This is the base model to construct the target ranking list in order to compute kd_loss with different methods.
	"""

	def __init__(self, n_pos=10, n_neg=50, neg_sampler='random'):
		super().__init__()
		self.n_pos = n_pos
		self.Sampler = Sampler(n_neg, actor=neg_sampler)

	def sort_scores_by_teacher(self, gt, t_score, s_score):
		if len(gt.shape) == 1:
			sorted_ind = torch.sort(t_score, descending=True).indices
			pos_list = sorted_ind[:, :self.n_pos]
			# random positive sample

			neg_list = self.Sampler(sorted_ind[:, self.n_pos:])
		else:
			pass
		ind = torch.cat([pos_list, neg_list], 1)
		t_score = t_score.gather(1, ind)
		s_score = s_score.gather(1, ind)
		return t_score, s_score


class ListMLE(BaseLoss):
	"""
	ListMLE: Fen Xia, Tie-Yan Liu, Jue Wang, Wensheng Zhang, and Hang Li. 2008. Listwise Approach to Learning to Rank: Theory and Algorithm.
	In Proceedings of the 25th ICML. 1192-1199.
	"""
	def __init__(self, n_pos=10, n_neg=50, neg_sampler=None):
		super().__init__(n_pos, n_neg, neg_sampler)

	def forward(self, gt, t_score, s_score):
		"""
		ListMLE estimates the probability of the observed ranking and attempts to maximize it.
		"""
		t_score, s_score = self.sort_scores_by_teacher(gt, t_score, s_score)
		s_score = s_score - s_score.max(dim=1, keepdim=True).values.detach()		# keep exp() stable
		loss = torch.logcumsumexp(s_score.flip(1), dim=1).flip(1) - s_score
		return torch.mean(loss)


# Driver
torch.manual_seed(0)
gt = torch.randint(0, 10, size=(4,))
scores = torch.randn(4, 10)
pred = nn.Parameter(torch.randn(4, 10))
kd_loss = ListMLE(n_pos=2, n_neg=5)
l = kd_loss(gt, scores, pred)
l.backward()
print(l)
print(pred.grad)
