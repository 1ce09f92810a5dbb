# Source: github.com/y18810919727/cooling, common/modules.py (class MSELoss_nan(torch.nn.MSELoss))
#!/usr/bin/python
# -*- coding:utf8 -*-
import torch
from torch import Tensor


class MSELoss_nan(torch.nn.MSELoss):
    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        indices = torch.logical_and(~torch.isnan(input), ~torch.isnan(target))
        return super().forward(input[indices], target[indices])

# Driver: sensor readings with gaps
input = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
target = torch.tensor([[1.5, float('nan'), 2.0], [4.0, 4.0, float('nan')]])
loss = MSELoss_nan()(input, target)
print(loss)
loss.backward()
print(input.grad)
print(torch.nn.MSELoss()(input, target))
