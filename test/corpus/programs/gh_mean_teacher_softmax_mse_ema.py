# Source: github.com/CuriousAI/mean-teacher, pytorch/mean_teacher/losses.py (softmax_mse_loss, softmax_kl_loss;
# docstrings dropped) and pytorch/main.py (update_ema_variables, with the deprecated add_(alpha, other) form)
import torch
import torch.nn as nn
from torch.nn import functional as F


def softmax_mse_loss(input_logits, target_logits):
    assert input_logits.size() == target_logits.size()
    input_softmax = F.softmax(input_logits, dim=1)
    target_softmax = F.softmax(target_logits, dim=1)
    num_classes = input_logits.size()[1]
    return F.mse_loss(input_softmax, target_softmax, size_average=False) / num_classes


def softmax_kl_loss(input_logits, target_logits):
    assert input_logits.size() == target_logits.size()
    input_log_softmax = F.log_softmax(input_logits, dim=1)
    target_softmax = F.softmax(target_logits, dim=1)
    return F.kl_div(input_log_softmax, target_softmax, size_average=False)


def update_ema_variables(model, ema_model, alpha, global_step):
    # Use the true average until the exponential average is more correct
    alpha = min(1 - 1 / (global_step + 1), alpha)
    for ema_param, param in zip(ema_model.parameters(), model.parameters()):
        ema_param.data.mul_(alpha).add_(1 - alpha, param.data)


# Driver: student and teacher logits, the consistency cost divided by the minibatch size as main.py does, then
# two EMA steps of a teacher's parameters
torch.manual_seed(0)
student = torch.randn(4, 5, requires_grad=True)
teacher = torch.randn(4, 5)
consistency_weight = 0.3
consistency_loss = consistency_weight * softmax_mse_loss(student, teacher) / 4
print(consistency_loss)
kl = softmax_kl_loss(student, teacher) / 4
print(kl)
(consistency_loss + kl).backward()
print(student.grad)

model = nn.Sequential(nn.Linear(3, 2))
ema_model = nn.Sequential(nn.Linear(3, 2))
for param in ema_model.parameters():
    param.detach_()
for global_step in range(2):
    update_ema_variables(model, ema_model, 0.999, global_step)
    print(ema_model[0].weight)
print(ema_model[0].bias.requires_grad)
