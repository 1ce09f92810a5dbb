# Source: github.com/cdvetal/ES_Engine, fitnesses/SymmetryLoss.py (class SymmetryLoss); the file's
# `from fitnesses.fitness_interface import FitnessInterface` is replaced by the stand-in base class below
import torch
from torch import nn


class FitnessInterface:
    def __init__(self):
        pass


class SymmetryLoss(FitnessInterface):
    def __init__(self):
        super(SymmetryLoss, self).__init__()

        self.symmetry_weight = -1

    def evaluate(self, img):
        mseloss = nn.MSELoss()
        cur_loss = mseloss(img, torch.flip(img, [3]))
        return cur_loss * self.symmetry_weight

# Driver
torch.manual_seed(0)
img = torch.rand(1, 2, 2, 3, requires_grad=True)
loss = SymmetryLoss().evaluate(img)
print(loss)
loss.backward()
print(img.grad)
