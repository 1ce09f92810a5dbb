# Source: github.com/WGQZYJZ/Empirical-Study-on-LLM-based-DL-Compiler-Testing-Techniques,
# TitanFuzz/mycoverage/test_programs_titan_all_10000/torch6664.py (whole file; seed and print are the driver's)
import torch
from torch import nn
from torch.autograd import Variable
torch.manual_seed(0)
input = torch.randn(1, 3)
target = torch.randn(1, 3)
loss = torch.nn.functional.huber_loss(input, target, reduction='mean', delta=1.0)
print(loss)
