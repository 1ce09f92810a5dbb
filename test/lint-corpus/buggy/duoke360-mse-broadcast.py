# Loss Lens lint corpus, a buggy snippet: the regression case of https://duoke360.com/post/34071
# (outputs (16, 1) against labels (16,): "UserWarning: Using a target size ... different to the input size"; the page then fixes it)
import torch
import torch.nn as nn

# 回归任务示例
outputs = torch.randn(16, 1)  # 模型输出 (16,1)
labels = torch.randn(16)  # 标签 (16,)
loss = nn.MSELoss()(outputs, labels)  # expect: broadcast-shape-mismatch
