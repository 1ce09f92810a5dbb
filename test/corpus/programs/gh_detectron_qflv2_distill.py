# Source: github.com/natureyoo/ContinualTTA_ObjectDetection, detectron2/utils/distill_loss.py (def QFLv2, the
# Quality Focal Loss v2 of dense teacher distillation). The driver distils a teacher's sigmoid scores into a
# student's, with the teacher's positives marked by weight > 0 and ignored anchors by weight < 0.
import torch
import torch.nn.functional as F


def QFLv2(pred_sigmoid,          # (n, 80)
          teacher_sigmoid,         # (n) 0, 1-80: 0 is neg, 1-80 is positive
          weight=None,
          beta=2.0,
          reduction='mean'):
    # all goes to 0
    pt = pred_sigmoid
    zerolabel = pt.new_zeros(pt.shape)
    loss = F.binary_cross_entropy(
        pred_sigmoid, zerolabel, reduction='none') * pt.pow(beta)
    pos = weight > 0

    # positive goes to bbox quality
    pt = teacher_sigmoid[pos] - pred_sigmoid[pos]
    loss[pos] = F.binary_cross_entropy(
        pred_sigmoid[pos], teacher_sigmoid[pos], reduction='none') * pt.pow(beta)

    valid = weight >= 0
    if reduction == "mean":
        loss = loss[valid].mean()
    elif reduction == "sum":
        loss = loss[valid].sum()
    return loss


# Driver
torch.manual_seed(0)
student_logits = torch.randn(8, 5, requires_grad=True)
teacher_logits = torch.randn(8, 5)
teacher_sigmoid = teacher_logits.sigmoid()
weight = torch.zeros(8, 5)
weight[teacher_sigmoid > 0.7] = 1.0
weight[2] = -1.0
loss = QFLv2(student_logits.sigmoid(), teacher_sigmoid, weight=weight, reduction="sum")
print(loss)
loss = loss / max(weight.gt(0).sum().item(), 1)
loss.backward()
print(loss)
print(student_logits.grad)
