# Loss Lens lint corpus, a buggy snippet: the "Incorrect way" of https://runebook.dev/en/articles/pytorch/generated/torch.nn.softmax
# (Softmax + NLLLoss: "This will raise an error or produce incorrect results!"; the page comments the call out, here it runs)
import torch
import torch.nn as nn

# Let's say you have some raw model outputs (logits)
logits = torch.randn(1, 5)

# Incorrect way
# Softmax + NLLLoss
softmax_layer = nn.Softmax(dim=1)
probs = softmax_layer(logits)
loss_func = nn.NLLLoss()
target = torch.tensor([2])  # Assuming the correct class is index 2
loss = loss_func(probs, target)  # expect: nll-without-log-softmax
