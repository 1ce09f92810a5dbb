# Source: github.com/TristanLecourtois/semantic-segmentation, loss.py (def dice_loss_multiclass)
import torch
import torch.nn.functional as F

def dice_loss_multiclass(y_pred, y_true, smooth=1e-6):
    """
    y_pred: logits, shape [B, C, H, W]
    y_true: integer mask, shape [B, H, W]
    """
    # convert logits → probs
    y_pred = torch.softmax(y_pred, dim=1)
    C = y_pred.shape[1]
    y_true_1hot = F.one_hot(y_true, C).permute(0, 3, 1, 2).float()

    dims = (0, 2, 3)
    intersection = torch.sum(y_pred * y_true_1hot, dims)
    union = torch.sum(y_pred + y_true_1hot, dims)

    dice = (2 * intersection + smooth) / (union + smooth)
    return 1 - dice.mean()

# Driver
torch.manual_seed(0)
y_pred = torch.randn(2, 3, 2, 2, requires_grad=True)
y_true = torch.randint(0, 3, (2, 2, 2))
loss = dice_loss_multiclass(y_pred, y_true)
print(loss)
loss.backward()
print(y_pred.grad[0])
