# Source: github.com/jocpae/clDice, cldice_loss/pytorch/cldice_2D.py (soft_erode, soft_dilate, soft_open, soft_skel,
# soft_dice; the two nn.Module classes, whose forward lacks `self`, dropped). The driver computes the clDice terms
# from the soft skeletons as the paper's loss does, then calls the file's soft_dice, whose 5-D slices fail on a 2-D
# image batch as written.
import torch
import torch.nn as nn
import torch.nn.functional as F


def soft_erode(img):
    p1 = -F.max_pool2d(-img, (3,1), (1,1), (1,0))
    p2 = -F.max_pool2d(-img, (1,3), (1,1), (0,1))
    return torch.min(p1,p2)


def soft_dilate(img):
    return F.max_pool2d(img, (3,3), (1,1), (1,1))


def soft_open(img):
    return soft_dilate(soft_erode(img))
    

def soft_skel(img, iter):
    img1 = soft_open(img)
    skel = F.relu(img-img1)
    for j in range(iter):
        img = soft_erode(img)
        img1 = soft_open(img)
        delta = F.relu(img-img1)
        skel = skel + F.relu(delta-skel*delta)
    return skel


def soft_dice(y_true, y_pred):
    """[function to compute dice loss]

    Args:
        y_true ([float32]): [ground truth image]
        y_pred ([float32]): [predicted image]

    Returns:
        [float32]: [loss value]
    """
    smooth = 1
    intersection = torch.sum((y_true * y_pred)[:,1:,:,:,:])
    coeff = (2. *  intersection + smooth) / (torch.sum(y_true[:,1:,:,:,:]) + torch.sum(y_pred[:,1:,:,:,:]) + smooth)
    return (1. - coeff)


# Driver
torch.manual_seed(0)
logits = torch.randn(1, 2, 7, 7, requires_grad=True)
y_pred = torch.softmax(logits, dim=1)
y_true = torch.zeros(1, 2, 7, 7)
y_true[0, 1, 3, 1:6] = 1.0
y_true[0, 1, 1:6, 3] = 1.0
y_true[0, 0] = 1.0 - y_true[0, 1]
smooth = 1.
skel_pred = soft_skel(y_pred, 3)
skel_true = soft_skel(y_true, 3)
print(skel_pred[0, 1])
tprec = (torch.sum(torch.multiply(skel_pred, y_true)[:, 1:, ...]) + smooth) / (torch.sum(skel_pred[:, 1:, ...]) + smooth)
tsens = (torch.sum(torch.multiply(skel_true, y_pred)[:, 1:, ...]) + smooth) / (torch.sum(skel_true[:, 1:, ...]) + smooth)
cl_dice = 1. - 2.0 * (tprec * tsens) / (tprec + tsens)
print(cl_dice)
cl_dice.backward()
print(logits.grad[0, 1])
print(soft_dice(y_true, y_pred))
