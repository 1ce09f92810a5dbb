# PoissonNLLLoss with log_input=True: loss = exp(input) - target * input.
import torch
import torch.nn as nn

torch.manual_seed(0)
inputs = torch.randn((2, 2))
target = torch.randn((2, 2))

loss_f = nn.PoissonNLLLoss(log_input=True, reduction='none')
loss = loss_f(inputs, target)
print("input:{}\ntarget:{}\nPoisson NLL loss:{}".format(inputs, target, loss))

# compute by hand
idx = 0
loss_1 = torch.exp(inputs[idx, idx]) - target[idx, idx] * inputs[idx, idx]
print("first element:", loss_1)
