# Source: github.com/Ilya703/Inheritune, src/utils/distillation_loss.py (def distillation_loss)
import torch

'''
    Функция потерь для дистилляции
'''

def distillation_loss(student_logits, teacher_logits, temperature):
    loss_fn = torch.nn.KLDivLoss(reduction='batchmean')
    student_probs = torch.nn.functional.log_softmax(student_logits / temperature, dim=-1)
    teacher_probs = torch.nn.functional.softmax(teacher_logits / temperature, dim=-1)
    
    return loss_fn(student_probs, teacher_probs)

# Driver
torch.manual_seed(0)
student_logits = torch.randn(2, 3, 5, requires_grad=True)
teacher_logits = torch.randn(2, 3, 5)
loss = distillation_loss(student_logits, teacher_logits, 2.0)
print(loss)
loss.backward()
print(student_logits.grad[0])
