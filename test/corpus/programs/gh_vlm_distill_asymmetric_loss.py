# Source: github.com/xuanlinli17/large_vlm_distillation_ood, misc_losses.py (class AsymmetricLoss)
import torch, torch.nn as nn

class AsymmetricLoss(nn.Module):
    def __init__(self, gamma_neg=4, gamma_pos=1, clip=0.05, eps=1e-8, 
                 disable_torch_grad_focal_loss=True, use_sigmoid=False):
        super(AsymmetricLoss, self).__init__()

        self.gamma_neg = gamma_neg
        self.gamma_pos = gamma_pos
        self.clip = clip
        self.disable_torch_grad_focal_loss = disable_torch_grad_focal_loss
        self.eps = eps
        self.use_sigmoid = use_sigmoid

    def forward(self, x, y, global_score_bias=None):
        # Calculating Probabilities
        if self.use_sigmoid:
            x_prob = torch.sigmoid(x)
        else:
            x_prob = x
        if global_score_bias is not None:
            x_prob = torch.clamp(x_prob + global_score_bias, 0.0, 1.0)
        xs_pos = x_prob
        xs_neg = 1 - x_prob

        # Asymmetric Clipping
        if self.clip is not None and self.clip > 0:
            xs_neg = (xs_neg + self.clip).clamp(max=1)

        # Basic CE calculation
        los_pos = y * torch.log(xs_pos.clamp(min=self.eps))
        los_neg = (1 - y) * torch.log(xs_neg.clamp(min=self.eps))
        loss = los_pos + los_neg

        # Asymmetric Focusing
        if self.gamma_neg > 0 or self.gamma_pos > 0:
            if self.disable_torch_grad_focal_loss:
                torch.set_grad_enabled(False)
            pt0 = xs_pos * y
            pt1 = xs_neg * (1 - y)  # pt = p if t > 0 else 1-p
            pt = pt0 + pt1
            one_sided_gamma = self.gamma_pos * y + self.gamma_neg * (1 - y)
            one_sided_w = torch.pow(1 - pt, one_sided_gamma)
            if self.disable_torch_grad_focal_loss:
                torch.set_grad_enabled(True)
            loss *= one_sided_w

        return -loss.sum(dim=-1).mean()

# Driver (forward's docstring dropped): multi-label logits
torch.manual_seed(0)
x = torch.randn(2, 4, requires_grad=True)
y = torch.tensor([[1., 0., 0., 1.], [0., 1., 0., 0.]])
loss = AsymmetricLoss(use_sigmoid=True)(x, y)
print(loss)
loss.backward()
print(x.grad)
