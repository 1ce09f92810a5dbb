# Source: github.com/yinhaoxs/Keep-Your-Drive, KYD_RankNet/model/tweedieloss.py (class tweedielossFunc, whole file;
# its author header dropped). Its addcmul passes the scale positionally, PyTorch's deprecated signature.
import torch
import torch.nn as nn

# define tweedieloss
class tweedielossFunc(nn.Module):
    def __init__(self, rho):
        super(tweedielossFunc, self).__init__()
        self.rho = rho

    def forward(self, pred, true):
        t1 = torch.exp(torch.mul(pred, 2-self.rho, out=None), out=None)
        t = torch.mul(t1, 1/(2-self.rho), out=None)
        t2 = torch.exp(torch.mul(pred, 1-self.rho, out=None), out=None)
        loss = torch.mean(torch.addcmul(t, -1/(1 -self.rho), true, t2, out=None))

        return loss


# Driver: log-scale predictions of claim amounts, many of them zero
torch.manual_seed(0)
pred = (0.5 * torch.randn(8)).requires_grad_()
true = torch.tensor([0.0, 0.0, 1.3, 0.0, 4.2, 0.0, 0.7, 2.5])
loss = tweedielossFunc(1.5)(pred, true)
print(loss)
loss.backward()
print(pred.grad)
