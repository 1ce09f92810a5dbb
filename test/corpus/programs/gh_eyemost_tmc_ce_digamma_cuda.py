# Source: github.com/Cocofeat/EyeMoSt, MedIA’24/model.py (the "TMC loss function" defs KL and ce_loss)
import torch
import torch.nn as nn
import torch.nn.functional as F

# TMC loss function
def KL(alpha, c):
    beta = torch.ones((1, c)).cuda()
    S_alpha = torch.sum(alpha, dim=1, keepdim=True)
    S_beta = torch.sum(beta, dim=1, keepdim=True)
    lnB = torch.lgamma(S_alpha) - torch.sum(torch.lgamma(alpha), dim=1, keepdim=True)
    lnB_uni = torch.sum(torch.lgamma(beta), dim=1, keepdim=True) - torch.lgamma(S_beta)
    dg0 = torch.digamma(S_alpha)
    dg1 = torch.digamma(alpha)
    kl = torch.sum((alpha - beta) * (dg1 - dg0), dim=1, keepdim=True) + lnB + lnB_uni
    return kl


def ce_loss(p, alpha, c, global_step, annealing_step):
    S = torch.sum(alpha, dim=1, keepdim=True)
    E = alpha - 1
    label = F.one_hot(p, num_classes=c)
    A = torch.sum(label * (torch.digamma(S) - torch.digamma(alpha)), dim=1, keepdim=True)

    annealing_coef = min(1, global_step / annealing_step)

    alp = E * (1 - label) + 1
    B = annealing_coef * KL(alp, c)

    return (A + B)

# Driver
torch.manual_seed(0)
evidence_logits = torch.randn(3, 4, requires_grad=True)
alpha = F.softplus(evidence_logits) + 1
target = torch.tensor([0, 3, 1])
loss = torch.mean(ce_loss(target, alpha, 4, 5, 10))
print(loss)
loss.backward()
print(evidence_logits.grad)
