# Source: github.com/enochkan/torch-metrics, torch_metrics/logcosh.py (class LogCoshError; `import torch` is the driver's)
import torch

class LogCoshError:
    """
    Logarithm of the hyperbolic cosine of the prediction error.

    Args:
        y_true: Ground truth values.
        y_pred: The predicted values.

    Returns:
        Logcosh error
    """

    def __call__(self, y_pred, y_true):
        diff = y_pred - y_true
        return torch.mean(torch.log((torch.exp(diff) + torch.exp(-1. * diff)) / 2.))

# Driver
y_pred = torch.tensor([[0.1, 0.9], [0.4, 0.6]])
y_true = torch.tensor([[0., 1.], [1., 0.]])
metric = LogCoshError()
print(metric(y_pred, y_true))
