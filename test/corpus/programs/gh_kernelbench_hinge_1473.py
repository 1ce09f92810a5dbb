# Source: github.com/nathanjpaek/kb-pilot, KernelBench/KernelBench/level9/1473_HingeLoss.py (whole file)
import torch


class HingeLoss(torch.nn.Module):

    def __init__(self):
        super(HingeLoss, self).__init__()

    def forward(self, x, y, margin=2):
        output = (margin - x + y).clamp(min=0)
        return output.mean()


def get_inputs():
    return [torch.rand([4, 4, 4, 4]), torch.rand([4, 4, 4, 4])]


def get_init_inputs():
    return [[], {}]

# Driver
torch.manual_seed(0)
args, kwargs = get_init_inputs()
model = HingeLoss(*args, **kwargs)
x, y = get_inputs()
x.requires_grad_()
loss = model(x, y, margin=1)
print(loss)
loss.backward()
print(x.grad[0, 0])
