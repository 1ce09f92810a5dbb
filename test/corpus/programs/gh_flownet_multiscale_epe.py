# Source: github.com/ClementPinard/FlowNetPytorch, multiscaleloss.py (EPE, sparse_max_pool, multiscaleEPE, realEPE;
# sparse_max_pool's docstring dropped)
import torch
import torch.nn.functional as F


def EPE(input_flow, target_flow, sparse=False, mean=True):
    EPE_map = torch.norm(target_flow - input_flow, 2, 1)
    batch_size = EPE_map.size(0)
    if sparse:
        # invalid flow is defined with both flow coordinates to be exactly 0
        mask = (target_flow[:, 0] == 0) & (target_flow[:, 1] == 0)

        EPE_map = EPE_map[~mask]
    if mean:
        return EPE_map.mean()
    else:
        return EPE_map.sum() / batch_size


def sparse_max_pool(input, size):
    positive = (input > 0).float()
    negative = (input < 0).float()
    output = F.adaptive_max_pool2d(input * positive, size) - F.adaptive_max_pool2d(
        -input * negative, size
    )
    return output


def multiscaleEPE(network_output, target_flow, weights=None, sparse=False):
    def one_scale(output, target, sparse):

        b, _, h, w = output.size()

        if sparse:
            target_scaled = sparse_max_pool(target, (h, w))
        else:
            target_scaled = F.interpolate(target, (h, w), mode="area")
        return EPE(output, target_scaled, sparse, mean=False)

    if type(network_output) not in [tuple, list]:
        network_output = [network_output]
    if weights is None:
        weights = [0.005, 0.01, 0.02, 0.08, 0.32]  # as in original article
    assert len(weights) == len(network_output)

    loss = 0
    for output, weight in zip(network_output, weights):
        loss += weight * one_scale(output, target_flow, sparse)
    return loss


def realEPE(output, target, sparse=False):
    b, _, h, w = target.size()
    upsampled_output = F.interpolate(
        output, (h, w), mode="bilinear", align_corners=False
    )
    return EPE(upsampled_output, target, sparse, mean=True)


# Driver: flows at two scales against an 8 x 8 target with a few invalid (zero) pixels
torch.manual_seed(0)
target = torch.randn(2, 2, 8, 8)
target[:, :, 0, :3] = 0
outputs = [torch.randn(2, 2, 4, 4, requires_grad=True), torch.randn(2, 2, 2, 2, requires_grad=True)]
loss = multiscaleEPE(outputs, target, weights=[0.32, 0.08])
print(loss)
loss.backward()
print(outputs[1].grad)
sparse_loss = multiscaleEPE(outputs, target, weights=[0.32, 0.08], sparse=True)
print(sparse_loss)
print(realEPE(outputs[0], target))
print(realEPE(outputs[0], target, sparse=True))
