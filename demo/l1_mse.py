# L1Loss and MSELoss, element by element (reduction='none') and reduced, with the gradient.
import torch
import torch.nn as nn

inputs = torch.ones((2, 2), requires_grad=True)
target = torch.ones((2, 2)) * 3

loss_f = nn.L1Loss(reduction='none')
loss = loss_f(inputs, target)
print(f"input:{inputs}\ntarget:{target}\nloss:{loss}")

loss_f_mse = nn.MSELoss(reduction='none')
loss_mse = loss_f_mse(inputs, target)
print(f"loss:{loss_mse}")

mse = nn.MSELoss()(inputs, target)
mse.backward()
print("MSE:", mse)
print("d MSE / d input:", inputs.grad)
