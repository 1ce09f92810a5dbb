# Source: github.com/SSS135/optfn, iqn_loss.py (l1_quantile_loss, huber_quantile_loss; `import torch` is the driver's)
import torch

def l1_quantile_loss(output, target, tau, reduce=True):
    u = target - output
    loss = (tau - (u.detach() <= 0).float()).mul_(u)
    return loss.mean() if reduce else loss


def huber_quantile_loss(output, target, tau, k=0.02, reduce=True):
    u = target - output
    loss = (tau - (u.detach() <= 0).float()).mul_(u.detach().abs().clamp(max=k).div_(k)).mul_(u)
    return loss.mean() if reduce else loss

# Driver
torch.manual_seed(0)
output = torch.randn(5, requires_grad=True)
target = output.detach() + torch.tensor([0.01, -0.5, 0.0, 0.3, -0.015])
tau = torch.tensor([0.1, 0.3, 0.5, 0.7, 0.9])
print(l1_quantile_loss(output, target, tau, reduce=False))
loss = huber_quantile_loss(output, target, tau)
print(loss)
loss.backward()
print(output.grad)
