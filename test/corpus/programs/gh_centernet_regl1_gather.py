# Source: github.com/xingyizhou/CenterNet, src/lib/models/losses.py (class RegL1Loss) with
# src/lib/models/utils.py (def _gather_feat, _transpose_and_gather_feat) that it imports
import torch
import torch.nn as nn
import torch.nn.functional as F

def _gather_feat(feat, ind, mask=None):
    dim  = feat.size(2)
    ind  = ind.unsqueeze(2).expand(ind.size(0), ind.size(1), dim)
    feat = feat.gather(1, ind)
    if mask is not None:
        mask = mask.unsqueeze(2).expand_as(feat)
        feat = feat[mask]
        feat = feat.view(-1, dim)
    return feat

def _transpose_and_gather_feat(feat, ind):
    feat = feat.permute(0, 2, 3, 1).contiguous()
    feat = feat.view(feat.size(0), -1, feat.size(3))
    feat = _gather_feat(feat, ind)
    return feat

class RegL1Loss(nn.Module):
  def __init__(self):
    super(RegL1Loss, self).__init__()
  
  def forward(self, output, mask, ind, target):
    pred = _transpose_and_gather_feat(output, ind)
    mask = mask.unsqueeze(2).expand_as(pred).float()
    # loss = F.l1_loss(pred * mask, target * mask, reduction='elementwise_mean')
    loss = F.l1_loss(pred * mask, target * mask, size_average=False)
    loss = loss / (mask.sum() + 1e-4)
    return loss

# Driver
torch.manual_seed(0)
wh = torch.randn(2, 2, 4, 4, requires_grad=True)
ind = torch.tensor([[5, 10, 0], [3, 0, 0]])
reg_mask = torch.tensor([[1, 1, 0], [1, 0, 0]], dtype=torch.uint8)
target = torch.rand(2, 3, 2) * 4
loss = RegL1Loss()(wh, reg_mask, ind, target)
print(loss)
loss.backward()
print(wh.grad[0])
