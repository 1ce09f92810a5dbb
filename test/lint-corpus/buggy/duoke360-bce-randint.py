# Loss Lens lint corpus, a buggy snippet: https://duoke360.com/post/34781 (predictions (1000, 1), targets from
# torch.randint (1000,)), fed to MSELoss before the page's unsqueeze fix
import torch
import torch.nn as nn

predictions = torch.randn(1000, 1)  # 模型输出
targets = torch.randint(0, 2, (1000,))  # 原始标签
loss = nn.MSELoss()(predictions, targets)  # expect: broadcast-shape-mismatch
