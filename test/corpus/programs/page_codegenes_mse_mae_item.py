# Source: https://www.codegenes.net/blog/pytorch-docs-loss (MSE and MAE example)
import torch
import torch.nn as nn
x = torch.tensor([1.0, 2.0, 3.0])
y = torch.tensor([1.2, 2.1, 3.2])
mse = nn.MSELoss()
mae = nn.L1Loss()
mse_loss = mse(x, y)
mae_loss = mae(x, y)
print(f'MSE Loss: {mse_loss.item()}')
print(f'MAE Loss: {mae_loss.item()}')
