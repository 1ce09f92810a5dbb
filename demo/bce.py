# BCELoss on probabilities (after a Sigmoid) and BCEWithLogitsLoss on the logits: the same numbers.
import torch
import torch.nn as nn

torch.manual_seed(0)
m = nn.Sigmoid()
loss = nn.BCELoss()
input = torch.randn(3, requires_grad=True)
target = torch.empty(3).random_(2)
output = loss(m(input), target)
output.backward()
print(output)
print(input.grad)

print(nn.BCEWithLogitsLoss()(input, target))

target = torch.ones([10, 64], dtype=torch.float32)  # 64 classes, batch size = 10
output = torch.full([10, 64], 1.5)  # a prediction (logit)
pos_weight = torch.ones([64])  # all weights are equal to 1
criterion = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
print(criterion(output, target))  # -log(sigmoid(1.5))
