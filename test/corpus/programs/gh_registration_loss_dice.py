# Source: github.com/DavidScobie/Machine_Learning, tutorials/registration/pt_utils.py (def loss_dice; `import torch` is the driver's)
import torch

## loss function
def loss_dice(y_pred, y_true, eps=1e-6):
    '''
    y_pred, y_true -> [N, C=1, D, H, W]
    '''
    numerator = torch.sum(y_true*y_pred, dim=(2,3,4)) * 2
    denominator = torch.sum(y_true, dim=(2,3,4)) + torch.sum(y_pred, dim=(2,3,4)) + eps
    return torch.mean(1. - (numerator / denominator))

# Driver
torch.manual_seed(0)
y_pred = torch.rand(2, 1, 2, 2, 2, requires_grad=True)
y_true = (torch.rand(2, 1, 2, 2, 2) > 0.5).float()
loss = loss_dice(y_pred, y_true)
print(loss)
loss.backward()
print(y_pred.grad[0, 0])
