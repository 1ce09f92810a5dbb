# CTCLoss on random log-probabilities (seeded: the numbers equal PyTorch's after manual_seed(0)).
import torch
import torch.nn as nn

torch.manual_seed(0)
T = 50      # input sequence length
C = 20      # number of classes (including blank)
N = 16      # batch size
S = 30      # target sequence length of the longest target
S_min = 10  # minimum target length

inputs = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
target = torch.randint(low=1, high=C, size=(N, S), dtype=torch.long)
input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
target_lengths = torch.randint(low=S_min, high=S, size=(N,), dtype=torch.long)

ctc_loss = nn.CTCLoss()
loss = ctc_loss(inputs, target, input_lengths, target_lengths)
print("CTC loss: ", loss)
