# Loss Lens lint corpus, a correct snippet: the label-smoothing loss quoted in https://github.com/lgcnsai/PS-KD-Pytorch/issues/6
# (targets smoothed by hand once, no label_smoothing on top)
import torch
import torch.nn as nn


class CrossEntropyLabelSmooth(nn.Module):

	def __init__(self, num_classes, epsilon=0.1):
		super(CrossEntropyLabelSmooth, self).__init__()
		self.num_classes = num_classes
		self.epsilon = epsilon
		self.logsoftmax = nn.LogSoftmax(dim=1).cuda()

	def forward(self, inputs, targets):
		log_probs = self.logsoftmax(inputs)
		targets = torch.zeros_like(log_probs).scatter_(1, targets.unsqueeze(1), 1)
		targets = (1 - self.epsilon) * targets + self.epsilon / self.num_classes
		loss = (- targets * log_probs).mean(0).sum()
		return loss
