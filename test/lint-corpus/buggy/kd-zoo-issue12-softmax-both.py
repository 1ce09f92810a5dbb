# Loss Lens lint corpus, a buggy snippet: https://github.com/AberHu/Knowledge-Distillation-Zoo/issues/12 (the variant
# the thread discusses: "when we modify the F.log_softmax(out_s/self.T, dim=1) in to F.softmax(out_s/self.T, dim=1),
# the KD output is negative")
import torch.nn as nn
import torch.nn.functional as F


class SoftTarget(nn.Module):
	def __init__(self, T):
		super(SoftTarget, self).__init__()
		self.T = T

	def forward(self, out_s, out_t):
		loss = F.kl_div(F.softmax(out_s/self.T, dim=1),  # expect: kldiv-input-not-log
						F.softmax(out_t/self.T, dim=1),
						reduction='batchmean') * self.T * self.T

		return loss
