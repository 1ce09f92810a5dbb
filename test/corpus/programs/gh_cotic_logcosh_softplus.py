# Source: github.com/VladislavZh/COTIC, src/utils/metrics/loss.py (class LogCoshLoss)
import torch
import math

class LogCoshLoss(torch.nn.Module):
    def __init__(self):
        super().__init__()

    @staticmethod
    def __log_cosh(x: torch.Tensor) -> torch.Tensor:
        out = x + torch.nn.functional.softplus(-2. * x) - math.log(2.0)
        out[torch.abs(x) > 20] = torch.abs(x[torch.abs(x) > 20])
        return out

    def forward(
        self, y_pred: torch.Tensor, y_true: torch.Tensor
    ) -> torch.Tensor:
        return torch.mean(self.__log_cosh(y_pred - y_true))

# Driver: one error beyond 20
y_pred = torch.tensor([0.5, -3.0, 25.0, 1.0], requires_grad=True)
y_true = torch.tensor([0.0, 0.0, 0.0, 2.0])
loss = LogCoshLoss()(y_pred, y_true)
print(loss)
loss.backward()
print(y_pred.grad)
