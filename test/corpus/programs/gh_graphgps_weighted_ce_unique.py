# Source: github.com/rampasek/GraphGPS, graphgps/loss/weighted_cross_entropy.py (def weighted_cross_entropy); the
# torch_geometric cfg and register_loss imports are replaced by the stand-ins below
import torch
import torch.nn.functional as F

class cfg:
    class model:
        loss_fun = 'weighted_cross_entropy'

def register_loss(name, fn):
    pass


def weighted_cross_entropy(pred, true):
    """Weighted cross-entropy for unbalanced classes.
    """
    if cfg.model.loss_fun == 'weighted_cross_entropy':
        # calculating label weights for weighted loss computation
        V = true.size(0)
        n_classes = pred.shape[1] if pred.ndim > 1 else 2
        label_count = torch.bincount(true)
        label_count = label_count[label_count.nonzero(as_tuple=True)].squeeze()
        cluster_sizes = torch.zeros(n_classes, device=pred.device).long()
        cluster_sizes[torch.unique(true)] = label_count
        weight = (V - cluster_sizes).float() / V
        weight *= (cluster_sizes > 0).float()
        # multiclass
        if pred.ndim > 1:
            pred = F.log_softmax(pred, dim=-1)
            return F.nll_loss(pred, true, weight=weight), pred
        # binary
        else:
            loss = F.binary_cross_entropy_with_logits(pred, true.float(),
                                                      weight=weight[true])
            return loss, torch.sigmoid(pred)

register_loss('weighted_cross_entropy', weighted_cross_entropy)

# Driver
torch.manual_seed(0)
pred = torch.randn(5, 4, requires_grad=True)
true = torch.tensor([0, 2, 2, 3, 2])
loss, _ = weighted_cross_entropy(pred, true)
print(loss)
loss.backward()
print(pred.grad)
