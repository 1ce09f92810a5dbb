# Source: github.com/nikitachaudharicodes/ProjeXion, losses/masked_mse_loss.py (class MaskedMSELoss, whole file)
import torch

class MaskedMSELoss(torch.nn.Module):
   def __init__(self):
      super().__init__()
   def forward(self, input, target, mask):
      # assert input.shape == target.shape == mask.shape, f"Shapes of input {input.shape}, target {target.shape} and mask {mask.shape} must match"
      mean_squared_error = (((input - target) * mask) ** 2).sum() / mask.sum()
      return mean_squared_error

# Driver: an int mask
torch.manual_seed(0)
input = torch.randn(2, 3, requires_grad=True)
target = torch.randn(2, 3)
mask = torch.tensor([[1, 0, 1], [0, 1, 1]])
loss = MaskedMSELoss()(input, target, mask)
print(loss)
loss.backward()
print(input.grad)
