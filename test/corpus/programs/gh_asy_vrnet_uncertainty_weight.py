# Source: github.com/GuanRunwei/ASY-VRNet, utils/multitaskloss.py (class MultiTaskLossWrapper: learned log-variances)
import torch
import torch.nn as nn
import math


class MultiTaskLossWrapper(nn.Module):
    def __init__(self, task_num):
        super().__init__()
        self.task_num = task_num
        self.log_vars = nn.Parameter(torch.zeros(task_num))

    def forward(self, loss_seg, loss_det):
        precision0 = torch.exp(-self.log_vars[0])
        loss0 = precision0*loss_det + self.log_vars[0]

        precision1 = torch.exp(-self.log_vars[1])
        loss1 = precision1 * loss_seg + self.log_vars[1]

        return loss0 + loss1


# Driver: two task losses from small heads, two steps of plain SGD on the log-variances
torch.manual_seed(0)
awl = MultiTaskLossWrapper(2)
seg_logits = torch.randn(4, 3, requires_grad=True)
seg_target = torch.tensor([0, 2, 1, 2])
det_pred = torch.randn(4, 2, requires_grad=True)
det_target = torch.randn(4, 2)
for step in range(2):
    loss_seg = nn.CrossEntropyLoss()(seg_logits, seg_target)
    loss_det = nn.SmoothL1Loss()(det_pred, det_target)
    loss = awl(loss_seg, loss_det)
    print(step, loss)
    awl.zero_grad()
    loss.backward()
    print(awl.log_vars.grad)
    with torch.no_grad():
        awl.log_vars -= 0.5 * awl.log_vars.grad
print(awl.log_vars)
print(seg_logits.grad)
