# Source: github.com/Odysseus96/SARImageClassificationBier, loss/MSLoss.py (class MultiSimilarityLoss, whole file).
import torch
import torch.nn as nn

class MultiSimilarityLoss(nn.Module):
    def __init__(self):
        super(MultiSimilarityLoss, self).__init__()
        self.thresh = 0.5
        self.margin = 0.1

        self.scale_pos = 2.0
        self.scale_neg = 40.0

    def _similarity(self, inputs_, eps=1e-08):
        sim = torch.matmul(inputs_, inputs_.t()) \
              / max(torch.norm(inputs_, p=2) * torch.norm(inputs_.T, p=2), eps)

        return sim

    def forward(self, inputs, labels):
        batch_size = inputs.size(0)
        sim_mat = self._similarity(inputs)
        epsilon = 1e-5
        loss = list()

        for i in range(batch_size):
            # mining step
            pos_pair_ = sim_mat[i][labels == labels[i]]
            pos_pair_ = pos_pair_[pos_pair_ < 1 - epsilon]
            neg_pair_ = sim_mat[i][labels != labels[i]]

            neg_pair = neg_pair_[neg_pair_ + self.margin > min(pos_pair_)]
            pos_pair = pos_pair_[pos_pair_ - self.margin < max(neg_pair_)]

            if len(neg_pair) < 1 or len(pos_pair) < 1:
                continue

            # weighting step
            pos_loss = 1.0 / self.scale_pos * torch.log(
                1 + torch.sum(torch.exp(-self.scale_pos * (pos_pair - self.thresh))))
            neg_loss = 1.0 / self.scale_neg * torch.log(
                1 + torch.sum(torch.exp(self.scale_neg * (neg_pair - self.thresh))))
            loss.append(pos_loss + neg_loss)

        if len(loss) == 0:
            return torch.zeros([], requires_grad=True)

        loss = sum(loss) / batch_size
        return loss


# Driver
torch.manual_seed(0)
embeddings = torch.randn(6, 4, requires_grad=True)
labels = torch.tensor([0, 0, 1, 1, 2, 2])
criterion = MultiSimilarityLoss()
print(criterion._similarity(embeddings))
loss = criterion(embeddings, labels)
print(loss)
loss.backward()
print(embeddings.grad)
