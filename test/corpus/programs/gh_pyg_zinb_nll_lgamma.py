# Source: github.com/pyg-team/pytorch_geometric, torch_geometric/utils/losses.py (def nb_zeroinflated_nll_loss,
# whole file)
import torch


def nb_zeroinflated_nll_loss(y, n, p, pi, y_mask=None):
    idx_yeq0 = y == 0
    idx_yg0 = y > 0

    n_yeq0 = n[idx_yeq0]
    p_yeq0 = p[idx_yeq0]
    pi_yeq0 = pi[idx_yeq0]

    n_yg0 = n[idx_yg0]
    p_yg0 = p[idx_yg0]
    pi_yg0 = pi[idx_yg0]
    yg0 = y[idx_yg0]

    # Compute the loss for zero and non-zero observations
    L_yeq0 = torch.log(pi_yeq0) + torch.log(
        (1 - pi_yeq0) * torch.pow(p_yeq0, n_yeq0))
    L_yg0 = (torch.log(1 - pi_yg0) + torch.lgamma(n_yg0 + yg0) -
             torch.lgamma(yg0 + 1) - torch.lgamma(n_yg0) +
             n_yg0 * torch.log(p_yg0) + yg0 * torch.log(1 - p_yg0))

    return -torch.sum(L_yeq0) - torch.sum(L_yg0)

# Driver
torch.manual_seed(0)
y = torch.tensor([[0., 2., 5.], [1., 0., 3.]])
raw = torch.randn(2, 3, requires_grad=True)
n = torch.nn.functional.softplus(raw) + 1
p = torch.sigmoid(torch.randn(2, 3))
pi = torch.sigmoid(torch.randn(2, 3))
loss = nb_zeroinflated_nll_loss(y, n, p, pi)
print(loss)
loss.backward()
print(raw.grad)
