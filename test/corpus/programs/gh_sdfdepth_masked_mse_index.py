# Source: github.com/luca-commits/3DV-sdfdepth, projLib/loss.py (masked_mse_loss, class MaskedMSELoss)
import torch
import torch.nn as nn

def masked_mse_loss(output: torch.Tensor, target: torch.Tensor, mask: torch.Tensor):
    out = torch.square(torch.sub(output[mask],target[mask]))
    loss = out.mean()
    return loss

class MaskedMSELoss(nn.Module):
    def __init__(self):
        super(MaskedMSELoss, self).__init__()

    def forward(self, output, target, mask):
        return masked_mse_loss(output, target, mask)

# Driver: depth maps with missing (zero) ground truth
torch.manual_seed(0)
output = torch.rand(1, 3, 3, requires_grad=True)
target = torch.rand(1, 3, 3)
target[0, 0, :] = 0
mask = target > 0
loss = MaskedMSELoss()(output, target, mask)
print(loss)
loss.backward()
print(output.grad)
