# Source: github.com/lingjiekong/CS236Project, metrics/evaluation_metrics.py (distChamfer, CD_loss,
# cal_mean_CD_distance; "Borrow from https://github.com/ThibaultGROUEIX/AtlasNet")
import torch

#computes CH distance bwtween two point sets
def distChamfer(a, b):
    x, y = a, b
    bs, num_points, points_dim = x.size()
    xx = torch.bmm(x, x.transpose(2, 1))
    yy = torch.bmm(y, y.transpose(2, 1))
    zz = torch.bmm(x, y.transpose(2, 1))
    diag_ind = torch.arange(0, num_points).to(a).long()
    rx = xx[:, diag_ind, diag_ind].unsqueeze(1).expand_as(xx)
    ry = yy[:, diag_ind, diag_ind].unsqueeze(1).expand_as(yy)
    P = (rx.transpose(2, 1) + ry - 2 * zz)
    return P.min(1)[0], P.min(2)[0]

def CD_loss(sample_pcs,ref_pcs):
    dl, dr = distChamfer(sample_pcs, ref_pcs)
    cd_loss = dl.sum(dim=1) + dr.sum(dim=1)
    return cd_loss

def cal_mean_CD_distance(sample_pcs,ref_pcs):
    dl, dr = distChamfer(sample_pcs, ref_pcs)
    cd_loss = dl.mean(dim=1) + dr.mean(dim=1)
    return cd_loss


# Driver: two batches of 5 points in 3-D
torch.manual_seed(0)
sample_pcs = torch.randn(2, 5, 3, requires_grad=True)
ref_pcs = torch.randn(2, 5, 3)
cd = CD_loss(sample_pcs, ref_pcs)
print(cd)
cd.mean().backward()
print(sample_pcs.grad)
print(cal_mean_CD_distance(sample_pcs, ref_pcs))
