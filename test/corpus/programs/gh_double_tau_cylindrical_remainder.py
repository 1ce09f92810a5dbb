# Source: github.com/ntamir/double-tau-detection-network, src/model/cylindrical_loss.py (class CylindricalLoss, whole file)
import torch

class CylindricalLoss (torch.nn.Module):
  def __init__(self):
    super(CylindricalLoss, self).__init__()

  def forward(self, output, target):
    output = output.view(-1, 2)
    target = target.view(-1, 2)

    linear_diff = torch.abs(output[:, 0] - target[:, 0])
    circular_diff = torch.remainder(output[:, 1] - target[:, 1] + torch.pi, 2 * torch.pi) - torch.pi

    distances = torch.sqrt(circular_diff ** 2 + linear_diff ** 2)

    return torch.mean(distances)

# Driver
torch.manual_seed(0)
output = (torch.randn(3, 2) * 3).requires_grad_()
target = torch.randn(3, 2) * 3
loss = CylindricalLoss()(output, target)
print(loss)
loss.backward()
print(output.grad)
