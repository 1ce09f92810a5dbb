# Source: github.com/hu-cheng-yang/AAAI2024-DHU, backbone/JSLoss.py (def js_div)
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

def js_div(p_output, q_output, get_softmax=True):
    """
    Function that measures JS divergence between target and output logits:
    """
    KLDivLoss = nn.KLDivLoss(reduction='batchmean')
    if get_softmax:
        p_output = F.softmax(p_output, dim=1)
        q_output = F.softmax(q_output, dim=1)
    log_mean_output = ((p_output + q_output )/2).log()
    return (KLDivLoss(log_mean_output, p_output) + KLDivLoss(log_mean_output, q_output))/2

# Driver
torch.manual_seed(0)
p_output = torch.randn(3, 4, requires_grad=True)
q_output = torch.randn(3, 4, requires_grad=True)
loss = js_div(p_output, q_output)
print(loss)
loss.backward()
print(p_output.grad)
print(q_output.grad)
