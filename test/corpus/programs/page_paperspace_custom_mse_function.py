# Source: https://blog.paperspace.com/pytorch-loss-functions/ ("Custom loss with functions"; translated in
# /work/shared/seeds/003_04f461a08c498128.txt lines 341-357); imports and seed are the driver's
import torch
import torch.nn as nn
torch.manual_seed(0)

def custom_mean_square_error(y_predictions, target):
  square_difference = torch.square(y_predictions - target)
  loss_value = torch.mean(square_difference)
  return loss_value

y_predictions = torch.randn(3, 5, requires_grad=True);
target = torch.randn(3, 5)
pytorch_loss = nn.MSELoss();
p_loss = pytorch_loss(y_predictions, target)
loss = custom_mean_square_error(y_predictions, target)
print('custom loss: ', loss)
print('pytorch loss: ', p_loss)
