// A small, deterministic, runnable example per loss: tensors that mean what the loss expects, the
// criterion, the call, the gradient. The compute command (and PyTorch) can run each one as is.
// `x` is the tensor the gradient is taken with respect to.

export interface Example {
  /** Tensor lines before the criterion. */
  tensors: string[];
  /** The criterion's constructor arguments, when the example needs non-defaults. */
  args?: string;
  /** The forward call's arguments. */
  call: string;
}

const regression: Example = {
  tensors: [
    "x = torch.tensor([[0.5, 1.5, 3.0], [2.0, -1.0, 0.0]], requires_grad=True)",
    "y = torch.tensor([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])",
  ],
  call: "x, y",
};

const classification: Example = {
  tensors: [
    "x = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.2, 0.3]], requires_grad=True)  # logits (N=2, C=3)",
    "y = torch.tensor([0, 1])  # class indices",
  ],
  call: "x, y",
};

const logProbs: Example = {
  tensors: [
    "x = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.2, 0.3]], requires_grad=True)  # logits (N=2, C=3)",
    "log_p = torch.log_softmax(x, dim=1)  # NLLLoss wants log-probabilities",
    "y = torch.tensor([0, 1])",
  ],
  call: "log_p, y",
};

const triplet: Example = {
  tensors: [
    "x = torch.tensor([[0.0, 1.0, 0.5], [1.0, 0.0, 0.2]], requires_grad=True)  # anchors",
    "positive = torch.tensor([[0.1, 0.9, 0.4], [0.8, 0.3, 0.1]])",
    "negative = torch.tensor([[0.2, 1.1, 0.6], [-1.0, 0.5, 0.0]])",
  ],
  call: "x, positive, negative",
};

export const examples: Record<string, Example> = {
  L1Loss: regression,
  MSELoss: regression,
  CrossEntropyLoss: classification,
  CTCLoss: {
    tensors: [
      "# logits for T=4 time steps, N=1 sequence, C=3 classes (class 0 is the blank)",
      "x = torch.tensor([[[0.5, 1.0, -0.5]], [[0.2, 0.1, 1.5]], [[1.0, 0.3, 0.2]], [[0.0, 0.4, 1.2]]], requires_grad=True)",
      "log_probs = torch.log_softmax(x, dim=2)",
      "targets = torch.tensor([[1, 2]])",
      "input_lengths = torch.tensor([4])",
      "target_lengths = torch.tensor([2])",
    ],
    call: "log_probs, targets, input_lengths, target_lengths",
  },
  NLLLoss: logProbs,
  NLLLoss2d: logProbs,
  PoissonNLLLoss: {
    tensors: [
      "x = torch.tensor([0.5, 1.0, -0.3, 2.0], requires_grad=True)  # log of the predicted rate",
      "y = torch.tensor([2.0, 3.0, 0.0, 7.0])  # observed counts",
    ],
    call: "x, y",
  },
  GaussianNLLLoss: {
    tensors: [
      "x = torch.tensor([1.0, 2.5, -0.5], requires_grad=True)  # predicted means",
      "y = torch.tensor([1.2, 2.0, 0.0])",
      "var = torch.tensor([0.5, 1.0, 2.0])  # predicted variances",
    ],
    call: "x, y, var",
  },
  KLDivLoss: {
    tensors: [
      "x = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.2, 0.3]], requires_grad=True)  # logits",
      "log_q = torch.log_softmax(x, dim=1)  # the input is log-probabilities",
      "p = torch.tensor([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]])  # the target is probabilities",
    ],
    args: "reduction='batchmean'",
    call: "log_q, p",
  },
  BCELoss: {
    tensors: [
      "x = torch.tensor([1.5, -0.5, 0.2, -2.0], requires_grad=True)  # logits",
      "prob = torch.sigmoid(x)  # BCELoss wants probabilities",
      "y = torch.tensor([1.0, 0.0, 1.0, 0.0])",
    ],
    call: "prob, y",
  },
  BCEWithLogitsLoss: {
    tensors: [
      "x = torch.tensor([1.5, -0.5, 0.2, -2.0], requires_grad=True)  # logits, no sigmoid",
      "y = torch.tensor([1.0, 0.0, 1.0, 0.0])",
    ],
    call: "x, y",
  },
  MarginRankingLoss: {
    tensors: [
      "x = torch.tensor([0.8, 0.2, 0.5], requires_grad=True)",
      "x2 = torch.tensor([0.3, 0.6, 0.5])",
      "y = torch.tensor([1.0, -1.0, 1.0])  # 1: x should rank higher, -1: x2 should",
    ],
    call: "x, x2, y",
  },
  HingeEmbeddingLoss: {
    tensors: [
      "x = torch.tensor([0.3, 1.2, 0.5, 2.0], requires_grad=True)  # distances",
      "y = torch.tensor([1.0, -1.0, -1.0, 1.0])  # 1: similar, -1: dissimilar",
    ],
    call: "x, y",
  },
  MultiLabelMarginLoss: {
    tensors: [
      "x = torch.tensor([[0.1, 0.2, 0.4, 0.8]], requires_grad=True)",
      "y = torch.tensor([[3, 0, -1, 1]])  # target classes 3 and 0, then -1 padding",
    ],
    call: "x, y",
  },
  HuberLoss: regression,
  SmoothL1Loss: regression,
  SoftMarginLoss: {
    tensors: [
      "x = torch.tensor([0.3, -0.8, 1.5, 0.0], requires_grad=True)",
      "y = torch.tensor([1.0, -1.0, 1.0, -1.0])  # labels are +1 / -1",
    ],
    call: "x, y",
  },
  MultiLabelSoftMarginLoss: {
    tensors: [
      "x = torch.tensor([[0.3, -1.2, 2.0], [1.0, 0.5, -0.5]], requires_grad=True)  # logits (N=2, C=3)",
      "y = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])  # 0/1 per class",
    ],
    call: "x, y",
  },
  CosineEmbeddingLoss: {
    tensors: [
      "x = torch.tensor([[1.0, 0.0, 0.5], [0.2, 0.8, 0.1]], requires_grad=True)",
      "x2 = torch.tensor([[0.9, 0.1, 0.4], [0.3, 0.7, 0.0]])",
      "y = torch.tensor([1.0, -1.0])  # 1: similar, -1: dissimilar",
    ],
    call: "x, x2, y",
  },
  MultiMarginLoss: {
    tensors: [
      "x = torch.tensor([[0.1, 0.2, 0.4, 0.8], [0.5, 0.1, 0.3, 0.2]], requires_grad=True)",
      "y = torch.tensor([3, 0])",
    ],
    call: "x, y",
  },
  TripletMarginLoss: triplet,
  TripletMarginWithDistanceLoss: triplet,
};
