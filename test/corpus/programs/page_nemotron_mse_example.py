# Source: https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1 ("Understanding Mean Squared Error (MSE) Loss in PyTorch", steps 1-3)
import torch
import torch.nn as nn

mse_loss = nn.MSELoss()

outputs = torch.tensor([3.0, 4.5, 2.1])
targets = torch.tensor([2.5, 4.0, 2.0])
loss = mse_loss(outputs, targets)
print(loss)
