# Source: github.com/fywang222/KD-For-RT-DETR, src/zoo/distiller/kd_losses.py (def kl_div_loss)
import torch
import torch.nn.functional as F



def kl_div_loss(logits_student, logits_teacher, temperature):
    log_pred_student = F.log_softmax(logits_student / temperature, dim=1)
    pred_teacher = F.softmax(logits_teacher / temperature, dim=1)
    loss_kd = F.kl_div(log_pred_student, pred_teacher, reduction="batchmean")
    loss_kd *= temperature**2
    return loss_kd

# Driver
torch.manual_seed(0)
logits_student = torch.randn(4, 6, requires_grad=True)
logits_teacher = torch.randn(4, 6)
loss = kl_div_loss(logits_student, logits_teacher, 4)
print(loss)
loss.backward()
print(logits_student.grad)
