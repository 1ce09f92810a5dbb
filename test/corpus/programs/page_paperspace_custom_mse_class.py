# Source: https://blog.paperspace.com/pytorch-loss-functions/ ("Custom loss with Python classes"; translated in
# /work/shared/seeds/003_04f461a08c498128.txt lines 369-381); the driver below the class is ours
import torch
import torch.nn as nn

class Custom_MSE(nn.Module):
  def __init__(self):
    super(Custom_MSE, self).__init__();

  def forward(self, predictions, target):
    square_difference = torch.square(predictions - target)
    loss_value = torch.mean(square_difference)
    return loss_value

  # def __call__(self, predictions, target):
  #   square_difference = torch.square(y_predictions - target)
  #   loss_value = torch.mean(square_difference)
  #   return loss_value

torch.manual_seed(0)
predictions = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5)
criterion = Custom_MSE()
loss = criterion(predictions, target)
print(loss)
print(nn.MSELoss()(predictions, target))
loss.backward()
print(predictions.grad)
