# Source: github.com/meeio/TFDN-submit-code, mmodel/utils/math/entropy.py (def ent)
import torch
import torch.nn.functional as F

def ent(output):
    p = F.softmax(output, dim=-1)
    ee = -1 * p * torch.log(p+1e-6)
    me = torch.mean(ee)
    return me

# Driver
torch.manual_seed(0)
output = torch.randn(2, 5, requires_grad=True)
loss = ent(output)
print(loss)
loss.backward()
print(output.grad)
