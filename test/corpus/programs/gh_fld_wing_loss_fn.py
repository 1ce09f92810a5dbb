# Source: github.com/Minhan-Bae/FLD-scratch, SRC/models/loss/wing_loss.py (def wing_loss, whole file)
import torch
import math

def wing_loss(y_pred, y_true, w=10.0, epsilon=2.0, N_LANDMARK=27):
    y_pred = y_pred.reshape(-1, N_LANDMARK, 2)
    y_true = y_true.reshape(-1, N_LANDMARK, 2)

    x = y_true - y_pred
    c = w * (1.0 - math.log(1.0 + w / epsilon))
    absolute_x = torch.abs(x)
    losses = torch.where(w > absolute_x,
                         w * torch.log(1.0 + absolute_x / epsilon),
                         absolute_x - c)
    loss = torch.mean(torch.sum(losses, axis=[1, 2]), axis=0)
    return loss

# Driver: 3 landmarks per face, pixel errors around 10
torch.manual_seed(0)
y_pred = (torch.randn(2, 6) * 10).requires_grad_()
y_true = torch.zeros(2, 6)
loss = wing_loss(y_pred, y_true, N_LANDMARK=3)
print(loss)
loss.backward()
print(y_pred.grad)
