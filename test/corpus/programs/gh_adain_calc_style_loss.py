# Source: github.com/naoto0804/pytorch-AdaIN, function.py (def calc_mean_std) and net.py (Net.forward's nested mse and
# calc_style_loss, here at top level)
import torch
import torch.nn as nn
from torch.autograd import Variable


def calc_mean_std(feat, eps=1e-5):
    # eps is a small value added to the variance to avoid divide-by-zero.
    size = feat.size()
    assert (len(size) == 4)
    N, C = size[:2]
    feat_var = feat.view(N, C, -1).var(dim=2) + eps
    feat_std = feat_var.sqrt().view(N, C, 1, 1)
    feat_mean = feat.view(N, C, -1).mean(dim=2).view(N, C, 1, 1)
    return feat_mean, feat_std


def mse(input, target):
    assert (input.data.size() == target.data.size())
    return nn.MSELoss()(input,
                        Variable(target.data, requires_grad=False))

def calc_style_loss(input, target):
    assert (input.data.size() == target.data.size())
    assert (target.requires_grad is False)
    input_mean, input_std = calc_mean_std(input)
    target_mean, target_std = calc_mean_std(target)
    return mse(input_mean, target_mean) + mse(input_std, target_std)

# Driver
torch.manual_seed(0)
g_t_feat = torch.randn(2, 3, 2, 2, requires_grad=True)
style_feat = torch.randn(2, 3, 2, 2)
loss_s = calc_style_loss(g_t_feat, style_feat)
print(loss_s)
loss_s.backward()
print(g_t_feat.grad)
