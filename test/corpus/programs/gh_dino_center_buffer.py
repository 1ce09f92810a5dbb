# Source: github.com/Aditya-Shandilya1182/DINO, dino_loss.py (class DINOLoss)
import torch
import torch.nn as nn
import torch.nn.functional as F

class DINOLoss(nn.Module):
    def __init__(self, out_dim, teacher_temp=0.07, student_temp=0.1, center_momentum=0.9):
        super(DINOLoss, self).__init__()
        self.teacher_temp = teacher_temp
        self.student_temp = student_temp
        self.center_momentum = center_momentum
        self.register_buffer("center", torch.zeros(1, out_dim))

    def forward(self, student_output, teacher_output):
        student_output = F.log_softmax(student_output / self.student_temp, dim=-1)
        teacher_output = F.softmax((teacher_output - self.center) / self.teacher_temp, dim=-1)
        loss = torch.mean(torch.sum(-teacher_output * student_output, dim=-1))
        self.update_center(teacher_output)
        return loss

    def update_center(self, teacher_output):
        batch_center = torch.mean(teacher_output, dim=0, keepdim=True)
        self.center = self.center * self.center_momentum + batch_center * (1 - self.center_momentum)

# Driver: two steps, so the second uses the updated center
torch.manual_seed(0)
criterion = DINOLoss(out_dim=4)
student = torch.randn(3, 4, requires_grad=True)
teacher = torch.randn(3, 4)
loss1 = criterion(student, teacher)
print(loss1)
print(criterion.center)
loss2 = criterion(student, teacher)
print(loss2)
loss2.backward()
print(student.grad)
