# Source: github.com/xingyizhou/CenterNet, src/lib/models/losses.py (def _neg_loss, class FocalLoss) with
# src/lib/models/utils.py (def _sigmoid) that the model applies to the heatmap before the loss
import torch
import torch.nn as nn

def _sigmoid(x):
  y = torch.clamp(x.sigmoid_(), min=1e-4, max=1-1e-4)
  return y


def _neg_loss(pred, gt):
  ''' Modified focal loss. Exactly the same as CornerNet.
      Runs faster and costs a little bit more memory
    Arguments:
      pred (batch x c x h x w)
      gt_regr (batch x c x h x w)
  '''
  pos_inds = gt.eq(1).float()
  neg_inds = gt.lt(1).float()

  neg_weights = torch.pow(1 - gt, 4)

  loss = 0

  pos_loss = torch.log(pred) * torch.pow(1 - pred, 2) * pos_inds
  neg_loss = torch.log(1 - pred) * torch.pow(pred, 2) * neg_weights * neg_inds

  num_pos  = pos_inds.float().sum()
  pos_loss = pos_loss.sum()
  neg_loss = neg_loss.sum()

  if num_pos == 0:
    loss = loss - neg_loss
  else:
    loss = loss - (pos_loss + neg_loss) / num_pos
  return loss

class FocalLoss(nn.Module):
  '''nn.Module warpper for focal loss'''
  def __init__(self):
    super(FocalLoss, self).__init__()
    self.neg_loss = _neg_loss

  def forward(self, out, target):
    return self.neg_loss(out, target)

# Driver
torch.manual_seed(0)
logits = torch.randn(1, 2, 4, 4, requires_grad=True)
hm = torch.rand(1, 2, 4, 4) * 0.9
hm[0, 0, 1, 2] = 1
hm[0, 1, 3, 0] = 1
crit = FocalLoss()
loss = crit(_sigmoid(logits.clone()), hm)
print(loss)
loss.backward()
print(logits.grad)
