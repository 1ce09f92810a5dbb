# Source: github.com/Enderdead/Pytorch_Quantize_impls, train/hinge.py (class HingeLoss, whole file)
import torch

class HingeLoss(torch.nn.Module):
    def __init__(self):
        super(HingeLoss,self).__init__()
        self.margin=1.0

    def hinge_loss(self,input,target):
            output=self.margin-input.mul(target*2-1)
            output[output.le(0)]=0
            return output.mean()

    def forward(self, input, target):
        return self.hinge_loss(input,target)

# Driver: {0, 1} targets
torch.manual_seed(0)
input = torch.randn(2, 3, requires_grad=True)
target = torch.tensor([[1., 0., 1.], [0., 0., 1.]])
loss = HingeLoss()(input, target)
print(loss)
loss.backward()
print(input.grad)
