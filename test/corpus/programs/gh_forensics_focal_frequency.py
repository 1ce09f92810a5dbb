# Source: github.com/Mark-Dou/Forensics, MIFAE-Forensics/focal_frequency_loss.py (FocalFrequencyLoss; docstring and a
# commented-out line dropped)
import torch


class FocalFrequencyLoss(torch.nn.Module):

    def __init__(self, gamma=1.):
        super().__init__()
        self.gamma = gamma

    def forward(self, preds, target, mask=None):
        preds = preds.float()
        p_fft = torch.fft.fft2(preds, norm='ortho')
        p_fft_shift = torch.fft.fftshift(p_fft)
        diff = target - p_fft_shift

        eps = 1e-7
        loss = (diff.real.pow(2.) + diff.imag.pow(2.) + eps).pow(self.gamma/2.)
        if not mask is None:
            mask = mask.expand_as(preds) ## 这里别忘了expand_as，因为三个通道的结果也要mean
            mask = 1. - mask
            loss = loss * mask
            ## by channel
            loss = loss.sum(dim=(2, 3))
            n_pixel = mask.sum(dim=(2, 3))
            loss = loss / n_pixel
            loss = loss.mean()
            ## by pixel
            #  loss = loss.sum() / mask.sum()
        else:
            loss = loss.mean()
        return loss


# Driver: a reconstruction scored against the target image's shifted spectrum
torch.manual_seed(0)
preds = torch.rand(1, 3, 4, 4, requires_grad=True)
image = torch.rand(1, 3, 4, 4)
target = torch.fft.fftshift(torch.fft.fft2(image, norm='ortho'))
criterion = FocalFrequencyLoss()
loss = criterion(preds, target)
print(loss)
loss.backward()
print(preds.grad)
