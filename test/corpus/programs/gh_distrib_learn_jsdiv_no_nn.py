# Source: github.com/melxy1997/distrib_learn, JSDivLoss.py (def JSDivLoss, whole file: it uses nn, which it never imports)
import torch
import torch.nn.functional as F

def JSDivLoss(p_output, q_output, get_softmax=True):
    """
    Function that measures JS divergence between target and output logits:
    example：
    JS_div(input.log(), output) # input is the prediction value, and the output is the ground truth
    """
    KLDivLoss = nn.KLDivLoss(reduction='batchmean')
    if get_softmax:
        p_output = F.softmax(p_output)
        q_output = F.softmax(q_output)
    log_mean_output = ((p_output + q_output )/2).log()
    return (KLDivLoss(log_mean_output, p_output) + KLDivLoss(log_mean_output, q_output))/2

# Driver
torch.manual_seed(0)
p = torch.randn(2, 3, requires_grad=True)
q = torch.randn(2, 3)
print("JS:")
print(JSDivLoss(p, q))
