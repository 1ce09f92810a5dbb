# Source: github.com/pprp/SimpleCVReproduction, cifarTrick/torch_post_train/labelsmooth.py (class CrossEntropyLabelSmooth)

import torch
import torch.nn as nn


class CrossEntropyLabelSmooth(nn.Module):

    def __init__(self, num_classes=1000, epsilon=0.1):
        super(CrossEntropyLabelSmooth, self).__init__()
        self.num_classes = num_classes
        self.epsilon = epsilon
        self.logsoftmax = nn.LogSoftmax(dim=1)

    def forward(self, inputs, targets):
        log_probs = self.logsoftmax(inputs)
        targets = torch.zeros_like(log_probs).scatter_(
            1, targets.unsqueeze(1), 1)
        targets = (1 - self.epsilon) * targets + \
            self.epsilon / self.num_classes
        loss = (-targets * log_probs).mean(0).sum()
        return loss

# Driver: compared with the built-in label_smoothing
torch.manual_seed(0)
inputs = torch.randn(4, 10, requires_grad=True)
targets = torch.tensor([1, 9, 0, 4])
loss = CrossEntropyLabelSmooth(num_classes=10)(inputs, targets)
print(loss)
print(nn.CrossEntropyLoss(label_smoothing=0.1)(inputs, targets))
loss.backward()
print(inputs.grad[0])
