# Source: github.com/ToruYamanoe/ImageCorrection, models/loss.py (def total_variation_loss, from the PyTorch forum thread
# https://discuss.pytorch.org/t/implement-total-variation-loss-in-pytorch/55574/2)
import torch

def total_variation_loss(img, weight):
    bs_img, c_img, h_img, w_img = img.size()
    tv_h = torch.pow(img[:,:,1:,:]-img[:,:,:-1,:], 2).sum()
    tv_w = torch.pow(img[:,:,:,1:]-img[:,:,:,:-1], 2).sum()
    return weight*(tv_h+tv_w)/(bs_img*c_img*h_img*w_img)

# Driver
torch.manual_seed(0)
img = torch.rand(1, 2, 3, 3, requires_grad=True)
loss = total_variation_loss(img, 0.5)
print(loss)
loss.backward()
print(img.grad)
