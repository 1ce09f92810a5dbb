# SmoothL1Loss against L1: quadratic below beta, linear above (the seed note plots these two curves).
import torch
import torch.nn as nn

inputs = torch.linspace(-3, 3, steps=7)
target = torch.zeros_like(inputs)

loss_f = nn.SmoothL1Loss(reduction='none')
loss_smooth = loss_f(inputs, target)
loss_l1 = torch.abs(inputs)

print("x - y:    ", inputs)
print("SmoothL1: ", loss_smooth)
print("L1:       ", loss_l1)
print("Huber(delta=2):", nn.HuberLoss(reduction='none', delta=2.0)(inputs, target))
