# Source: github.com/zhengqili/Neural-Scene-Flow-Fields, nsff_exp/run_nerf_helpers.py (the img2mse, img2mae and
# mse2psnr lambdas; the rest of the file, and its numpy/cv2 imports, dropped)
import torch
torch.autograd.set_detect_anomaly(False)
import torch.nn as nn
import torch.nn.functional as F

# Misc
prob2weights = lambda x: x 

img2mse = lambda x, y : torch.mean((x - y) ** 2)
img2mae = lambda x, y : torch.mean(torch.abs(x - y))

mse2psnr = lambda x : -10. * torch.log(x) / torch.log(torch.Tensor([10.]))

# Driver
torch.manual_seed(0)
rgb = torch.rand(4, 3, requires_grad=True)
target_s = torch.rand(4, 3)
img_loss = img2mse(rgb, target_s)
psnr = mse2psnr(img_loss)
print(img_loss, img2mae(rgb, target_s))
print(psnr)
img_loss.backward()
print(rgb.grad)
