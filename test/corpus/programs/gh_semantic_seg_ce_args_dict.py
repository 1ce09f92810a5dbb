# Source: github.com/bhyun-kim/torch-semantic-seg, models/losses.py (class CrossEntropyLoss: F.cross_entropy(**self.args))
import torch
import torch.nn as nn
import torch.nn.functional as F

class CrossEntropyLoss(nn.Module):
    def __init__(self,
                weight=None,
                reduction='mean',
                ignore_idx=255):
        super().__init__()

        self.args = dict(
            weight=torch.tensor(weight),
            reduction=reduction,
            ignore_index=ignore_idx
        )

    def weight_to(self, device):
        self.args['weight'] = self.args['weight'].to(device)


    def forward(self, 
                cls_score,
                label):

        loss_cls = F.cross_entropy(cls_score, 
                                   label,
                                   **self.args)

        return loss_cls

# Driver: a 2x2 label map with an ignored pixel, then the default weight=None
torch.manual_seed(0)
cls_score = torch.randn(1, 3, 2, 2, requires_grad=True)
label = torch.tensor([[[0, 2], [255, 1]]])
criterion = CrossEntropyLoss(weight=[1.0, 2.0, 0.5])
criterion.weight_to('cpu')
loss = criterion(cls_score, label)
print(loss)
loss.backward()
print(cls_score.grad)
print(CrossEntropyLoss()(cls_score, label))
