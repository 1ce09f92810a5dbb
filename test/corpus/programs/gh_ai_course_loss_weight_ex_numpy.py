# Source: github.com/mivlab/AI_course, pytorch_tutorial/loss_weight_ex.py (whole file; the driver imports numpy for
# the misspelt `numpy_tes`)

import torch
import torch.nn as nn
import  numpy as np

inputs = torch.FloatTensor([0,1,0,0,0,1])
outputs = torch.LongTensor([0,1])
inputs = inputs.view((1,3,2))
outputs = outputs.view((1,2))
weight_CE = torch.FloatTensor([1,2,3])
ce = nn.CrossEntropyLoss(ignore_index=255,weight=weight_CE)
loss = ce(inputs,outputs)
print(loss)
