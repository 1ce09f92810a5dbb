# Source: github.com/pytorch/torchtune, torchtune/modules/loss/kd_losses.py (class ForwardKLLoss; docstrings dropped).
# The driver distils a teacher's logits into a student's over next-token labels with -100 padding.
import torch
import torch.nn.functional as F


class ForwardKLLoss(torch.nn.Module):
    def __init__(self, ignore_index: int = -100):
        super().__init__()
        self.ignore_index = ignore_index

    def forward(
        self,
        student_logits: torch.Tensor,
        teacher_logits: torch.Tensor,
        labels: torch.Tensor,
        normalize: bool = True,
    ) -> torch.Tensor:
        teacher_prob = F.softmax(teacher_logits, dim=-1, dtype=torch.float32)
        inf_mask = torch.isinf(student_logits)
        student_logprob = F.log_softmax(student_logits, dim=-1, dtype=torch.float32)
        prod_probs = torch.masked_fill(teacher_prob * student_logprob, inf_mask, 0)
        x = torch.sum(prod_probs, dim=-1).view(-1)
        mask = (labels != self.ignore_index).int()
        if not normalize:
            return -torch.sum(x * mask.view(-1), dim=0)

        sum_masks = torch.sum(mask.view(-1), dim=0)
        if sum_masks == 0:
            return torch.tensor(0.0, device=x.device)
        return -torch.sum(x * mask.view(-1), dim=0) / torch.sum(mask.view(-1), dim=0)


# Driver
torch.manual_seed(0)
student_logits = torch.randn(2, 4, 6, requires_grad=True)
teacher_logits = torch.randn(2, 4, 6)
labels = torch.randint(0, 6, (2, 4))
labels[1, 2:] = -100
kd = ForwardKLLoss()
loss = kd(student_logits.reshape(-1, 6), teacher_logits.reshape(-1, 6), labels)
ce = F.cross_entropy(student_logits.reshape(-1, 6), labels.view(-1), ignore_index=-100)
print(loss, ce)
total = 0.5 * ce + 0.5 * loss
total.backward()
print(total)
print(student_logits.grad[1])
