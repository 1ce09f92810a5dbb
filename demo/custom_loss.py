# A custom loss as a function gives the same value as nn.MSELoss; only the grad_fn differs.
import torch
import torch.nn as nn

def custom_mean_square_error(y_predictions, target):
    square_difference = torch.square(y_predictions - target)
    loss_value = torch.mean(square_difference)
    return loss_value

torch.manual_seed(0)
y_predictions = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5)
pytorch_loss = nn.MSELoss()
p_loss = pytorch_loss(y_predictions, target)
loss = custom_mean_square_error(y_predictions, target)
print('custom loss: ', loss)
print('pytorch loss: ', p_loss)
