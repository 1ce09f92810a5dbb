# Source: github.com/uzboy/top_down_human_pose, loss/joint_mse.py (JointsMSELoss)
import torch
import torch.nn as nn


class JointsMSELoss(nn.Module):

    def __init__(self, cfg):
        super().__init__()
        self.criterion = nn.MSELoss()
        self.use_target_weight = cfg.get("use_target_weight", False)
        self.loss_weight = cfg.get("loss_weight", 1.0)

    def forward(self, output, target, target_weight):
        batch_size = output.size(0)
        num_joints = output.size(1)

        heatmaps_pred = output.reshape((batch_size, num_joints, -1)).split(1, 1)
        heatmaps_gt = target.reshape((batch_size, num_joints, -1)).split(1, 1)

        loss = 0.

        for idx in range(num_joints):
            heatmap_pred = heatmaps_pred[idx].squeeze(1)
            heatmap_gt = heatmaps_gt[idx].squeeze(1)
            if self.use_target_weight:
                loss += self.criterion(heatmap_pred * target_weight[:, idx], heatmap_gt * target_weight[:, idx])
            else:
                loss += self.criterion(heatmap_pred, heatmap_gt)

        return loss / num_joints * self.loss_weight


# Driver: three joints' 4 x 4 heatmaps for two people, the second's last joint not visible
torch.manual_seed(0)
output = torch.rand(2, 3, 4, 4, requires_grad=True)
target = torch.rand(2, 3, 4, 4)
target_weight = torch.tensor([[[1.], [1.], [1.]], [[1.], [1.], [0.]]])
criterion = JointsMSELoss({"use_target_weight": True, "loss_weight": 0.5})
loss = criterion(output, target, target_weight)
print(loss)
loss.backward()
print(output.grad[1, 2])
print(JointsMSELoss({})(output, target, target_weight))
