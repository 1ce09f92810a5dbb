# Source: github.com/leftshiftone/aikido, aikido/nn/modules/styletransfer/TVLoss.py (class TVLoss: forward stores the loss)
import torch
import torch.nn as nn

class TVLoss(nn.Module):

    def __init__(self):
        super(TVLoss, self).__init__()

    def forward(self, input):
        self.x_diff = input[:,:,1:,:] - input[:,:,:-1,:]
        self.y_diff = input[:,:,:,1:] - input[:,:,:,:-1]
        self.loss = (torch.sum(torch.abs(self.x_diff)) + torch.sum(torch.abs(self.y_diff)))
        return input

# Driver: a style-transfer loss layer
torch.manual_seed(0)
image = torch.rand(1, 1, 3, 4, requires_grad=True)
tv = TVLoss()
out = tv(image)
print(out is image)
print(tv.loss)
tv.loss.backward()
print(image.grad)
