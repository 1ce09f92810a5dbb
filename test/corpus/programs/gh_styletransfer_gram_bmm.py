# Source: github.com/WillBranam/StyleTransfer, style_transfer_project/utils/losses.py (def gram_matrix, def compute_style_loss)
import torch
import torch.nn.functional as F

def gram_matrix(y):
    (b, c, h, w) = y.size()
    features = y.view(b, c, h * w)
    G = torch.bmm(features, features.transpose(1, 2))
    return G / (c * h * w)

def compute_style_loss(features_y, features_s):
    return sum(F.mse_loss(gram_matrix(y), gram_matrix(s)) for y, s in zip(features_y, features_s))

# Driver
torch.manual_seed(0)
y = torch.randn(2, 3, 2, 2, requires_grad=True)
s = torch.randn(2, 3, 2, 2)
loss = compute_style_loss([y], [s])
print(loss)
loss.backward()
print(y.grad)
