# Source: github.com/livingroomforsmall/PINN_Burgers_Equation, losses.py (pde_loss)
import torch
import torch.nn as nn

def pde_loss(X, T_hat, alpha, criterion):
    # PDE loss
    dT_dX = torch.autograd.grad(T_hat, X, torch.ones_like(T_hat), create_graph=True)[0]
    dT_dt = dT_dX[:, 1]
    dT_dx = dT_dX[:, 0]
    
    # Laplacian terms
    dT_dxx = torch.autograd.grad(dT_dx, X, torch.ones_like(dT_dx), create_graph=True)[0][:, 0]
    
    return criterion(alpha * (dT_dxx), dT_dt + (T_hat[:,0] * dT_dx)) #viscous wird als 0.1/sinpi gewählt


# Driver: a small tanh network u(x, t) at five collocation points, Burgers' viscosity 0.01 / pi
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
X = torch.rand(5, 2, requires_grad=True)
T_hat = model(X)
loss = pde_loss(X, T_hat, 0.01 / 3.141592653589793, nn.MSELoss())
print(loss)
loss.backward()
print(model[0].bias.grad)
