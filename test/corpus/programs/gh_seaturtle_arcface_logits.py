# Source: github.com/dhnhut/SeaTurtle-ReID, src/arcface.py (class ArcFace: the margin logits, then cross-entropy)
# Define the ArcFace loss function
import torch
import torch.nn as nn
import math


class ArcFace(nn.Module):
    def __init__(
        self, num_classes, embedding_size, margin=0.5, scale=64.0, easy_margin=False
    ):
        super(ArcFace, self).__init__()
        self.num_classes = num_classes
        self.embedding_size = embedding_size
        self.margin = margin
        self.scale = scale
        self.easy_margin = easy_margin
        self.weight = nn.Parameter(torch.Tensor(num_classes, embedding_size))
        nn.init.xavier_uniform_(self.weight)

        self.cos_m = math.cos(margin)
        self.sin_m = math.sin(margin)
        self.th = math.cos(math.pi - margin)
        self.mm = math.sin(math.pi - margin) * margin

    def forward(self, input, labels):
        cosine = torch.nn.functional.linear(
            torch.nn.functional.normalize(input),
            torch.nn.functional.normalize(self.weight),
        )
        sine = torch.sqrt(1.0 - torch.pow(cosine, 2)).clamp(0, 1)
        phi = cosine * self.cos_m - sine * self.sin_m
        if self.easy_margin:
            phi = torch.where(cosine > 0, phi, cosine)
        else:
            phi = torch.where(cosine > self.th, phi, cosine - self.mm)

        one_hot = torch.zeros(cosine.size(), device=input.device)
        one_hot.scatter_(1, labels.view(-1, 1).long(), 1)
        output = (one_hot * phi) + ((1.0 - one_hot) * cosine)
        output *= self.scale
        return output

# Driver
torch.manual_seed(0)
head = ArcFace(num_classes=3, embedding_size=4, scale=8.0)
embeddings = torch.randn(2, 4, requires_grad=True)
labels = torch.tensor([1, 2])
logits = head(embeddings, labels)
loss = nn.CrossEntropyLoss()(logits, labels)
print(loss)
loss.backward()
print(embeddings.grad)
