# Source: github.com/mlfoundations/open_clip, src/open_clip/loss.py (class SigLipLoss: get_ground_truth, get_logits,
# _loss and forward's single-process path; the world_size > 1 neighbour exchange and docstring dropped). The driver
# uses SigLIP's initial logit scale log(10) and bias -10 as learnable parameters.
import torch
import torch.nn as nn
import torch.nn.functional as F


class SigLipLoss(nn.Module):
    def __init__(
            self,
            cache_labels=False,
            rank=0,
            world_size=1,
            bidir=True,
            use_horovod=False,
    ):
        super().__init__()
        self.cache_labels = cache_labels
        self.rank = rank
        self.world_size = world_size
        assert not use_horovod  # FIXME need to look at hvd ops for ring transfers
        self.use_horovod = use_horovod
        self.bidir = bidir

        # cache state FIXME cache not currently used, worthwhile?
        self.prev_num_logits = 0
        self.labels = {}

    def get_ground_truth(self, device, dtype, num_logits, negative_only=False) -> torch.Tensor:
        labels = -torch.ones((num_logits, num_logits), device=device, dtype=dtype)
        if not negative_only:
            labels = 2 * torch.eye(num_logits, device=device, dtype=dtype) + labels
        return labels

    def get_logits(self, image_features, text_features, logit_scale, logit_bias=None):
        logits = logit_scale * image_features @ text_features.T
        if logit_bias is not None:
            logits += logit_bias
        return logits

    def _loss(self, image_features, text_features, logit_scale, logit_bias=None, negative_only=False):
        logits = self.get_logits(image_features, text_features, logit_scale, logit_bias)
        labels = self.get_ground_truth(
            image_features.device,
            image_features.dtype,
            image_features.shape[0],
            negative_only=negative_only,
        )
        loss = -F.logsigmoid(labels * logits).sum() / image_features.shape[0]
        return loss

    def forward(self, image_features, text_features, logit_scale, logit_bias, output_dict=False):
        loss = self._loss(image_features, text_features, logit_scale, logit_bias)

        return {"contrastive_loss": loss} if output_dict else loss


# Driver
torch.manual_seed(0)
image_features = F.normalize(torch.randn(5, 6), dim=-1).requires_grad_()
text_features = F.normalize(torch.randn(5, 6), dim=-1).requires_grad_()
logit_scale = nn.Parameter(torch.ones([]) * torch.log(torch.tensor(10.0)))
logit_bias = nn.Parameter(torch.ones([]) * -10)
out = SigLipLoss()(image_features, text_features, logit_scale.exp(), logit_bias, output_dict=True)
print(out)
out["contrastive_loss"].backward()
print(image_features.grad)
print(logit_scale.grad, logit_bias.grad)
