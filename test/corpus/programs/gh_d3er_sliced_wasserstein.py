# Source: github.com/bingnan-baby/D3ER, swd.py (rand_projections, sliced_wasserstein_distance)
import torch

def rand_projections(dim, num_projections=1000):
    projections = torch.randn((num_projections, dim))
    projections = projections / torch.sqrt(torch.sum(projections ** 2, dim=1, keepdim=True))
    return projections


def sliced_wasserstein_distance(first_samples, second_samples, num_projections=1000, p=2, device="cuda"):
    dim = second_samples.size(1)
    projections = rand_projections(dim, num_projections).to(device)
    first_projections = first_samples.matmul(projections.transpose(0, 1))
    second_projections = second_samples.matmul(projections.transpose(0, 1))
    wasserstein_distance = torch.abs(
        (
            torch.sort(first_projections.transpose(0, 1), dim=1)[0]
            - torch.sort(second_projections.transpose(0, 1), dim=1)[0]
        )
    )
    wasserstein_distance = torch.pow(torch.sum(torch.pow(wasserstein_distance, p), dim=1), 1.0 / p)
    return torch.pow(torch.pow(wasserstein_distance, p).mean(), 1.0 / p)


# Driver: eight encoded samples against eight prior samples, on the CPU, then with the default device
torch.manual_seed(0)
z = torch.randn(8, 3, requires_grad=True)
prior = torch.rand(8, 3) * 2 - 1
loss = sliced_wasserstein_distance(z, prior, num_projections=6, device="cpu")
print(loss)
loss.backward()
print(z.grad)
print(sliced_wasserstein_distance(z, prior, num_projections=6))
