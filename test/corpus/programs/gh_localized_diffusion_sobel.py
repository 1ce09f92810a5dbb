# Source: github.com/imatge-upc/localized-diffusion, losses/helpers.py (whole file)
import torch
import torch.nn as nn

class SobelFilter(nn.Module):
    def __init__(self):
        super().__init__()
        self.filter = nn.Conv2d(in_channels=1, out_channels=2, kernel_size=3, stride=1, padding=0, bias=False)
        Gx = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
        Gy = torch.tensor([[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]])
        G = torch.cat([Gx.unsqueeze(0), Gy.unsqueeze(0)], 0)
        G = G.unsqueeze(1) * 2
        self.filter.weight = nn.Parameter(G)

    def forward(self, x):
        n, c, h, w = x.shape
        x = self.filter(x.view(-1, 1, h, w))
        x = torch.mul(x, x)
        x = torch.sum(x, dim=1, keepdim=True)
        x = torch.sqrt(x)
        return x.view(n, c, h-2, w-2)   

# Driver: an edge loss between a prediction and a target image, as the repository's losses use the filter
import torch.nn.functional as F

torch.manual_seed(0)
sobel = SobelFilter()
pred = torch.rand(2, 3, 7, 7, requires_grad=True)
target = torch.rand(2, 3, 7, 7)
edges = sobel(pred)
loss = F.mse_loss(edges, sobel(target))
print(edges.shape, loss)
loss.backward()
print(pred.grad[1, 2])
print(sobel.filter.weight.grad.shape, sobel.filter)
