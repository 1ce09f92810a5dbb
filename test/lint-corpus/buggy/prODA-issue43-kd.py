# Loss Lens lint corpus, a buggy snippet: https://github.com/microsoft/ProDA/issues/43 (the code quoted in the issue;
# maintainer: "Yeah, should be log_softmax")
import torch
import torch.nn.functional as F


def kd_loss(self, target_out, target_imageS, threshold_arg):
    if self.opt.distillation > 0:
        student = F.softmax(target_out['out'], dim=1)
        with torch.no_grad():
            teacher_out = self.teacher_DP(target_imageS)
            teacher_out['out'] = F.interpolate(teacher_out['out'], size=threshold_arg.shape[2:], mode='bilinear', align_corners=True)
            teacher = F.softmax(teacher_out['out'], dim=1)

        loss_kd = F.kl_div(student, teacher, reduction='none')  # expect: kldiv-input-not-log
        mask = (teacher != 250).float()
        loss_kd = (loss_kd * mask).sum() / mask.sum()
        return loss_kd
