# Source: github.com/nathanjpaek/kb-pilot, KernelBench/KernelBench/level9/3772_ContrastiveLoss.py (whole file)
import torch
import torch.nn as nn
import torch.nn.functional as F


class ContrastiveLoss(nn.Module):

    def __init__(self, margin=1.5):
        super(ContrastiveLoss, self).__init__()
        self.margin = margin

    def forward(self, output1, output2, weight):
        pairdist = F.pairwise_distance(output1, output2)
        contrastive_loss = torch.mean(weight * torch.pow(pairdist, 2) + (1 -
            weight) * torch.pow(torch.clamp(self.margin - pairdist, min=0.0
            ), 2))
        return contrastive_loss


def get_inputs():
    return [torch.rand([4, 4, 4, 4]), torch.rand([4, 4, 4, 4]), torch.rand(
        [4, 4, 4, 4])]


def get_init_inputs():
    return [[], {}]

# Driver
torch.manual_seed(0)
args, kwargs = get_init_inputs()
model = ContrastiveLoss(*args, **kwargs)
output1, output2, weight = get_inputs()
output1.requires_grad_()
loss = model(output1, output2, weight)
print(loss)
loss.backward()
print(output1.grad[0, 0])
