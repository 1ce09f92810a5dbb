# Source: github.com/SnowCloudAi/Landmark, networks/newLoss.py (def wingLoss; it moves its constants to CUDA)
import torch

def wingLoss(pred, target, w=10.0, epsilon=2.0):
    w, epsilon = torch.tensor([w]).cuda(), torch.tensor([epsilon]).cuda()
    dis = torch.abs_(pred - target)
    isSmall = dis <= w
    isLarge = dis > w
    small_loss = w * torch.log((isSmall * dis) / epsilon + 1)
    large_loss = isLarge * dis - w * (1 - torch.log(1 + w / epsilon))
    loss = small_loss + large_loss * isLarge
    loss = torch.mean(torch.sum(loss, dim=1),dim=0)
    return loss

# Driver: on a CPU-only machine
torch.manual_seed(0)
pred = torch.randn(2, 4, requires_grad=True)
target = torch.zeros(2, 4)
print("computing")
loss = wingLoss(pred, target)
print(loss)
