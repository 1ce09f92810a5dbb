# KLDivLoss expects log-probabilities as input: reduction none / mean / batchmean, and a hand check.
import torch
import torch.nn as nn

inputs = torch.tensor([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
inputs_log = torch.log(inputs)
target = torch.tensor([[0.9, 0.05, 0.05], [0.1, 0.7, 0.2]], dtype=torch.float)

loss_f_none = nn.KLDivLoss(reduction='none')
loss_f_bs_mean = nn.KLDivLoss(reduction='batchmean')

loss_none = loss_f_none(inputs_log, target)
loss_bs_mean = loss_f_bs_mean(inputs_log, target)
print("loss_none:\n{}\nloss_bs_mean:\n{:.6f}".format(loss_none, loss_bs_mean))

# compute by hand
idx = 0
loss_1 = target[idx, idx] * (torch.log(target[idx, idx]) - inputs_log[idx, idx])
print("first element:", loss_1)
