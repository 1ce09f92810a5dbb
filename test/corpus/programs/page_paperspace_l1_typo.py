# Source: https://blog.paperspace.com/pytorch-loss-functions/ (L1 loss example, as written: `Loss_fn` is defined, `loss_fn` is called;
# also in /work/shared/seeds/003 translated); import and seed are the driver's
import torch
import torch.nn as nn
torch.manual_seed(0)

#size_average and reduce are deprecated

#reduction specifies the method of reduction to apply to output. Possible values are 'mean' (default) where we compute the average of the output, 'sum' where the output is summed and 'none' which applies no reduction to output

Loss_fn = nn.L1Loss(size_average=None, reduce=None, reduction='mean')

input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5)
output = loss_fn(input, target)
print(output) #tensor(0.7772, grad_fn=<L1LossBackward>)
