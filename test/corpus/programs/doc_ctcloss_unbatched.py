# Source: PyTorch 1.13 docstring example, torch/nn/modules/loss.py:1708-1722 (nn.CTCLoss, un-padded and unbatched)
# https://github.com/pytorch/pytorch/blob/v1.13.1/torch/nn/modules/loss.py
# (The docstring marks this example "FIXME: error in doctest": log_softmax(2) on a 2-d tensor raises.)
import torch
import torch.nn as nn

torch.manual_seed(0)
# Target are to be un-padded and unbatched (effectively N=1)
T = 50      # Input sequence length
C = 20      # Number of classes (including blank)

# Initialize random batch of input vectors, for *size = (T,C)
input = torch.randn(T, C).log_softmax(2).detach().requires_grad_()
input_lengths = torch.tensor(T, dtype=torch.long)

# Initialize random batch of targets (0 = blank, 1:C = classes)
target_lengths = torch.randint(low=1, high=T, size=(), dtype=torch.long)
target = torch.randint(low=1, high=C, size=(target_lengths,), dtype=torch.long)
ctc_loss = nn.CTCLoss()
loss = ctc_loss(input, target, input_lengths, target_lengths)
loss.backward()
print(loss)
