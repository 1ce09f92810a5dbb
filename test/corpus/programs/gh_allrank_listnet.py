# Source: github.com/allegro/allRank, allrank/models/losses/listNet.py (listNet)
# with PADDED_Y_VALUE from allrank/data/dataset_loading.py and DEFAULT_EPS from allrank/models/losses/__init__.py
import torch
import torch.nn.functional as F

PADDED_Y_VALUE = -1
DEFAULT_EPS = 1e-10


def listNet(y_pred, y_true, eps=DEFAULT_EPS, padded_value_indicator=PADDED_Y_VALUE):  # dimensions: [batch, listing]

    y_pred = y_pred.clone()
    y_true = y_true.clone()

    mask = y_true == padded_value_indicator
    y_pred[mask] = float('-inf')
    y_true[mask] = float('-inf')

    preds_smax = F.softmax(y_pred, dim=1)
    true_smax = F.softmax(y_true, dim=1)

    preds_smax = preds_smax + eps
    preds_log = torch.log(preds_smax)

    return torch.mean(-torch.sum(true_smax * preds_log, dim=1))


# Driver: two slates of five documents, the second padded at its last two
torch.manual_seed(0)
y_pred = torch.randn(2, 5, requires_grad=True)
y_true = torch.tensor([[2., 0., 1., 0., 3.], [1., 1., 0., -1., -1.]])
loss = listNet(y_pred, y_true)
print(loss)
loss.backward()
print(y_pred.grad)
