# Loss Lens lint corpus, a buggy excerpt (real code joined from the files below; only "# expect:" comments added)
# Why: ExistHead.forward returns torch.sigmoid(x) and LaneSeg's loss gives it to BCEWithLogitsLoss through output['exist'] from another module (https://github.com/Turoad/lanedet/issues/32): across files and through a dict, which the analysis does not follow
# ---- https://github.com/Turoad/lanedet/blob/35665fc9dd8d80df207fa86d2152f9f48618ffe7/lanedet/models/heads/exist_head.py#L1-L40
import torch
from torch import nn
import torch.nn.functional as F
from torch.hub import load_state_dict_from_url

from ..registry import HEADS 

@HEADS.register_module
class ExistHead(nn.Module):
    def __init__(self, cfg=None):
        super(ExistHead, self).__init__()
        self.cfg = cfg

        self.dropout = nn.Dropout2d(0.1)
        self.conv8 = nn.Conv2d(cfg.featuremap_out_channel, cfg.num_classes, 1)

        stride = cfg.featuremap_out_stride * 2
        self.fc9 = nn.Linear(
            int(cfg.num_classes * cfg.img_width / stride * cfg.img_height / stride), 128)
        self.fc10 = nn.Linear(128, cfg.num_classes-1)

    def forward(self, x):
        x = self.dropout(x)
        x = self.conv8(x)

        x = F.softmax(x, dim=1)
        x = F.avg_pool2d(x, 2, stride=2, padding=0)
        x = x.view(-1, x.numel() // x.shape[0])
        x = self.fc9(x)
        x = F.relu(x)
        x = self.fc10(x)
        x = torch.sigmoid(x)

        output = {'exist': x}

        return output
# ---- https://github.com/Turoad/lanedet/blob/35665fc9dd8d80df207fa86d2152f9f48618ffe7/lanedet/models/heads/lane_seg.py#L70-L90

    def loss(self, output, batch):
        weights = torch.ones(self.cfg.num_classes)
        weights[0] = self.cfg.bg_weight
        weights = weights.cuda()
        criterion = torch.nn.NLLLoss(ignore_index=self.cfg.ignore_label,
                                          weight=weights).cuda()
        criterion_exist = torch.nn.BCEWithLogitsLoss().cuda()
        loss = 0.
        loss_stats = {}
        seg_loss = criterion(F.log_softmax(
            output['seg'], dim=1), batch['mask'].long())
        loss += seg_loss
        loss_stats.update({'seg_loss': seg_loss})

        if 'exist' in output:
            exist_loss = 0.1 * \  # expect: sigmoid-before-bce-with-logits
                criterion_exist(output['exist'], batch['lane_exist'].float())
            loss += exist_loss
            loss_stats.update({'exist_loss': exist_loss})

