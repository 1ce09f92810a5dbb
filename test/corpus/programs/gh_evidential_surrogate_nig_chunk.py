# Source: github.com/trainsn/Evidential-Surrogate, loss_helper.py (whole file; its unused `import pdb` dropped)
import torch
import numpy as np

def NIG_NLL(y, gamma, v, alpha, beta, reduce=True):
    twoBlambda = 2 * beta * (1 + v)

    nll = 0.5 * torch.log(torch.tensor(np.pi) / v) \
        - alpha * torch.log(twoBlambda) \
        + (alpha + 0.5) * torch.log(v * (y - gamma) ** 2 + twoBlambda) \
        + torch.lgamma(alpha) \
        - torch.lgamma(alpha + 0.5)
    
    return torch.mean(nll) if reduce else nll

def NIG_Reg(y, gamma, v, alpha, beta, reduce=True):
    # Calculating the absolute error
    error = torch.abs(y - gamma)

    # calculate the regularization based on evidence
    evi = 2 * v + alpha
    reg = error * evi
        
    return torch.mean(reg) if reduce else reg

def EvidentialRegression(y_true, evidential_output, coeff=1.0):
    gamma, v, alpha, beta = torch.chunk(evidential_output, 4, dim=-1)
    loss_nll = NIG_NLL(y_true, gamma, v, alpha, beta)
    loss_reg = NIG_Reg(y_true, gamma, v, alpha, beta)  
    return loss_nll + coeff * loss_reg

# Driver
torch.manual_seed(0)
raw = torch.randn(5, 4, requires_grad=True)
out = torch.cat([raw[:, :1], torch.nn.functional.softplus(raw[:, 1:2]),
                 torch.nn.functional.softplus(raw[:, 2:3]) + 1, torch.nn.functional.softplus(raw[:, 3:])], dim=-1)
y_true = torch.randn(5, 1)
loss = EvidentialRegression(y_true, out, coeff=0.01)
print(loss)
loss.backward()
print(raw.grad)
