# Source: https://velog.io/@jsyeon/Autograd자동미분 (the autograd example, as written: integer tensors with requires_grad)
import torch

a = torch.tensor([2,3], requires_grad=True)
b = torch.tensor([6,4], requires_grad=True)
Q = 3*a**3-b**2
external_grad = torch.tensor([1,1])
Q.backward(gradient=external_grad)
print(a.grad)
print(b.grad)
