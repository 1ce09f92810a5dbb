# Source: github.com/kgokul03/SatelliteCarDetection, utils/metrics.py (def box_area, def box_iou, whole file)
import torch

def box_area(box):
    # box = xyxy(4,n)
    return (box[2] - box[0]) * (box[3] - box[1])

def box_iou(box1, box2):
    (a1, a2), (b1, b2) = box1[:, None].chunk(2, 2), box2.chunk(2, 1)
    inter = (torch.min(a2, b2) - torch.max(a1, b1)).clamp(0).prod(2)

    # IoU = inter / (area1 + area2 - inter)
    return inter / (box_area(box1.T)[:, None] + box_area(box2.T) - inter)

# Driver: an IoU loss over the matched (diagonal) pairs
torch.manual_seed(0)
xy = torch.rand(3, 2)
pred = torch.cat([xy, xy + 0.5 + torch.rand(3, 2)], 1).requires_grad_()
target = torch.tensor([[0.1, 0.2, 0.9, 1.0], [0.5, 0.5, 1.5, 1.2], [0.0, 0.0, 2.0, 2.0]])
iou = box_iou(pred, target)
print(iou)
loss = (1 - iou.diagonal()).mean()
print(loss)
loss.backward()
print(pred.grad)
