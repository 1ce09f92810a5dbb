// English texts of every loss: loaded lazily (see ../docs.ts) so activation never pays for them.
import type { DocsBundle, LossDocs } from "../types";

const reduction =
  "How the per-element losses become the result: 'none' keeps them all, 'mean' averages them, 'sum' adds them up.";
const sizeAverage =
  "Deprecated (use reduction). When given (not None) together with or instead of reduce, it overrides reduction: " +
  "True averages, False sums.";
const reduce =
  "Deprecated (use reduction). When given (not None) it overrides reduction: False returns the per-element losses, " +
  "True reduces them as size_average says.";
const classWeight = "Optional rescaling weight per class, a 1-D tensor of size C. Default None: every class weighs 1.";
const elementWeight = "Optional rescaling weight per element, broadcast to the input's shape. Default None.";

const scalar = "A scalar: the mean of the per-element losses.";
const scalarSum = "A scalar: the sum of the per-element losses.";
const perElement = "The loss of every element, same shape as the input.";

const legacy = { size_average: sizeAverage, reduce };
const standardOutput = { none: perElement, mean: scalar, sum: scalarSum };

const nll: LossDocs = {
  details:
    "NLLLoss picks, for each sample, the input at the target class and negates it. That is the negative " +
    "log-likelihood only if the input already holds log-probabilities, so feed it log_softmax of the logits " +
    "(log_softmax + NLLLoss = CrossEntropyLoss). With class weights, 'mean' divides by the sum of the weights of " +
    "the targets, not by N. Extra dimensions after C (images, sequences) are supported: input (N, C, d1, ...) with " +
    "target (N, d1, ...).",
  pitfalls: [
    "Passing raw logits or softmax probabilities: the loss computes, but it is not a likelihood and training " +
      "behaves oddly. Use log_softmax, or CrossEntropyLoss on the logits.",
    "The target holds class indices (int64), not one-hot vectors; a float target raises an error.",
    "Targets equal to ignore_index (-100 by default) contribute nothing and are not counted in the mean; if " +
      "every target is ignored the mean is NaN.",
    "With weight, 'mean' is a weighted mean: Σ wᵧ·ℓ / Σ wᵧ.",
  ],
  params: {
    weight: classWeight,
    ...legacy,
    ignore_index: "A target value that is skipped: it contributes 0 and is left out of the mean. Default -100.",
    reduction: reduction + " With weight, 'mean' divides by the total weight of the non-ignored targets.",
  },
  inputs: {
    input: "Log-probabilities (log_softmax over the class dimension C), not logits and not probabilities.",
    target: "Class indices, int64, each in [0, C) or equal to ignore_index.",
  },
  output: {
    none: "The loss of every sample (and spatial position): shape (N) or (N, d1, ..., dK).",
    mean: "A scalar: the weighted mean over the non-ignored targets.",
    sum: "A scalar: the sum over all targets.",
  },
};

// nn.LinearCrossEntropyLoss and F.linear_cross_entropy say the same about ignore_index.
const lceIgnoreIndex =
  "ignore_index defaults to None, which means -100 for class-index targets; giving it with a probability target raises an error.";

export const docs: DocsBundle = {
  L1Loss: {
    details:
      "L1Loss measures the absolute error |x − y| of every element (mean absolute error with the default " +
      "reduction). Its gradient has the same size (±1) whatever the error, so large errors and outliers do not " +
      "dominate training as they do with MSE; on the other hand the gradient does not shrink near the optimum and " +
      "is undefined at 0 (PyTorch uses 0 there).",
    pitfalls: [
      "The gradient is ±1 everywhere: with a fixed learning rate the prediction keeps oscillating around the " +
        "target. SmoothL1Loss or HuberLoss fix this near zero.",
      "Input and target should have the same shape; a broadcastable but different shape is accepted with only a " +
        "warning and usually gives the wrong loss.",
    ],
    params: { ...legacy, reduction },
    inputs: { input: "Predictions, any shape.", target: "Ground truth, same shape as the input." },
    output: standardOutput,
  },
  MSELoss: {
    details:
      "MSELoss measures the squared error (x − y)² of every element (mean squared error with the default " +
      "reduction). Its gradient 2(x − y) grows with the error, which makes it converge smoothly but lets outliers " +
      "dominate: one error of 10 weighs as much as 100 errors of 1. It is the maximum-likelihood loss for a " +
      "Gaussian noise model with fixed variance.",
    pitfalls: [
      "Sensitive to outliers: a few large errors dominate the loss and its gradient. Consider HuberLoss or " +
        "SmoothL1Loss for noisy targets.",
      "A target of shape (N) against an input of shape (N, 1) broadcasts to (N, N): PyTorch only warns, and the " +
        "loss is wrong. Squeeze or reshape first.",
      "An int64 target is accepted and promoted; mixing float32 and float64 promotes to float64.",
    ],
    params: { ...legacy, reduction },
    inputs: { input: "Predictions, any shape.", target: "Ground truth, same shape as the input." },
    output: standardOutput,
  },
  CrossEntropyLoss: {
    details:
      "CrossEntropyLoss is the standard loss for single-label classification. It takes raw, unnormalised scores " +
      "(logits) and applies log_softmax itself, then the negative log-likelihood of the target class. Doing both " +
      "in one step uses the log-sum-exp trick, which stays finite for any logits, whereas softmax followed by log " +
      "can underflow to log(0) = −inf. The target is either class indices (int64) or class probabilities (float, " +
      "same shape as the input; e.g. soft labels or mixup). label_smoothing mixes the one-hot target with a uniform " +
      "distribution.",
    pitfalls: [
      "Do not apply softmax (or log_softmax) before it: the model's last layer should output logits. Softmax " +
        "first gives a loss that trains slowly and never gets close to 0.",
      "Class-index targets must be int64 (torch.long) with values in [0, C); a one-hot float target is read as " +
        "class probabilities, which is valid only if each row sums to 1.",
      "For (N, C, H, W) outputs (segmentation) the class dimension is dim 1 and the target is (N, H, W).",
      "ignore_index applies to class-index targets only; ignored targets are left out of the mean, and if all are " +
        "ignored the mean is NaN.",
      "With weight and class indices, 'mean' divides by the sum of the targets' weights, not by N.",
    ],
    params: {
      weight: classWeight,
      ...legacy,
      ignore_index:
        "A target value that is skipped (class-index targets only): it contributes 0 and is not counted in the " +
        "mean. Default -100.",
      reduction: reduction + " With weight and class indices, 'mean' divides by the total weight of the targets.",
      label_smoothing:
        "Amount of smoothing in [0, 1]: the target becomes (1 − ε)·one-hot + ε/C. 0.0 (default) is plain cross " +
        "entropy; 0.1 is common. Values above 1 raise an error; negative values are silently ignored in 1.13.",
    },
    inputs: {
      input: "Logits: raw scores straight from the model, one per class along dim 1 (no softmax).",
      target:
        "Class indices (int64, in [0, C)), or class probabilities (float, same shape as the input, each row " +
        "summing to 1).",
    },
    output: {
      none: "The loss of every sample: shape (N), () for a single sample, or (N, d1, ..., dK).",
      mean: "A scalar: the (weighted) mean over the samples that are not ignored.",
      sum: "A scalar: the sum over all samples.",
    },
  },
  CTCLoss: {
    details:
      "CTCLoss trains sequence models whose output is longer than the label and not aligned with it (speech " +
      "recognition, handwriting, OCR). It sums the probability of every alignment that collapses to the target " +
      "(merge repeats, then drop blanks) with a dynamic program, and returns the negative log of that sum. The " +
      "input is per-time-step log-probabilities over C classes, class `blank` being the 'no label' symbol.",
    pitfalls: [
      "log_probs must be log_softmax over the class dimension, shaped (T, N, C): time first, not batch first.",
      "The target must never contain the blank index; every input length must be at least the target length " +
        "(plus one per repeated label), otherwise the loss is inf.",
      "Impossible alignments give inf losses and NaN gradients: zero_infinity=True replaces them by 0.",
      "'mean' divides each sample's loss by its target length before averaging over the batch.",
    ],
    params: {
      blank: "Index of the blank label, in [0, C). Default 0.",
      reduction: reduction + " 'mean' first divides each sample's loss by its target length.",
      zero_infinity:
        "Replace infinite losses (impossible alignments) and their gradients by zero. Default False.",
    },
    inputs: {
      log_probs: "Log-probabilities (log_softmax over C) per time step: (T, N, C), or (T, C) unbatched.",
      targets:
        "Target label indices (never the blank): padded (N, S), or all targets concatenated (sum(target_lengths)).",
      input_lengths: "Length of each input sequence, each ≤ T: (N), or () unbatched.",
      target_lengths: "Length of each target sequence: (N), or () unbatched.",
    },
    output: {
      none: "The loss of every sequence: (N), or () unbatched.",
      mean: "A scalar: the mean over the batch of each loss divided by its target length.",
      sum: "A scalar: the sum of the sequences' losses.",
    },
  },
  NLLLoss: nll,
  NLLLoss2d: {
    ...nll,
    details:
      "NLLLoss2d is a deprecated alias of NLLLoss, left from the time NLLLoss did not accept spatial dimensions. " +
      "It computes exactly what NLLLoss does and warns on construction. " +
      nll.details,
    pitfalls: ["Deprecated: replace nn.NLLLoss2d by nn.NLLLoss; the arguments and results are the same.", ...nll.pitfalls],
  },
  PoissonNLLLoss: {
    details:
      "PoissonNLLLoss is the negative log-likelihood of count data under a Poisson distribution whose rate λ the " +
      "model predicts: λ − y·log λ, up to a term that does not depend on λ. With log_input=True (the default) the " +
      "input is log λ, which keeps λ positive without any activation and avoids log(0). full=True adds the " +
      "Stirling approximation of log(y!) so the value is the complete likelihood (it does not change gradients).",
    pitfalls: [
      "With log_input=True (default) the input is the log of the rate: do not exponentiate it yourself.",
      "With log_input=False the input is the rate itself and must be positive; eps keeps log finite at 0.",
      "Large log-rates overflow: exp(100) is inf in float32.",
    ],
    params: {
      log_input: "True (default): the input is log λ and the loss is exp(x) − y·x. False: the input is λ.",
      full: "Add the Stirling term y·log y − y + ½·log(2πy) (for y > 1) so the loss is the full likelihood.",
      ...legacy,
      eps: "Added to the rate inside the log when log_input=False, to avoid log(0). Default 1e-8.",
      reduction,
    },
    inputs: {
      log_input: "The predicted rate: its log when log_input=True (default), the rate itself otherwise.",
      target: "Observed counts (non-negative), same shape as the input.",
    },
    output: standardOutput,
  },
  GaussianNLLLoss: {
    details:
      "GaussianNLLLoss is the negative log-likelihood of the target under a Gaussian whose mean (input) and " +
      "variance (var) the model both predict. A large predicted variance lowers the penalty on the error but pays " +
      "log(var), so the model learns how uncertain each prediction is. With var fixed at 1 it is MSE/2 plus a " +
      "constant. The variance may be per element, per sample (last dimension 1 or missing) or shared.",
    pitfalls: [
      "var must be non-negative; it is clamped to eps for stability (the clamp does not stop its gradient).",
      "A var of the wrong shape raises 'var is of incorrect size'; it must match the input, or have its last " +
        "dimension 1, or one dimension fewer.",
      "Predict the variance through softplus or exp so it stays positive.",
    ],
    params: {
      full: "Add the constant ½·log(2π) so the loss is the full likelihood. Default False.",
      eps: "Lower clamp of var, for numerical stability. Default 1e-6.",
      reduction,
    },
    inputs: {
      input: "Predicted means.",
      target: "Observed values, same shape as the input.",
      var: "Predicted variances (≥ 0): same shape as the input, last dimension 1, or one dimension fewer.",
    },
    output: standardOutput,
  },
  KLDivLoss: {
    details:
      "KLDivLoss computes the Kullback–Leibler divergence KL(P ‖ Q) between a target distribution P and the " +
      "model's distribution Q, element by element: p·(log p − log q). For numerical reasons the input is already " +
      "log Q (log_softmax of the logits), while the target is P as probabilities (or log P with log_target=True). " +
      "To get the divergence per sample, use reduction='batchmean' (sum divided by the batch size); 'mean' divides " +
      "by the number of elements and is not a KL divergence.",
    pitfalls: [
      "The input must be log-probabilities (log_softmax), not probabilities: passing softmax output gives a wrong, " +
        "often negative, value.",
      "reduction='mean' (the default) divides by N·C, not N: use 'batchmean' for the true KL divergence. PyTorch " +
        "warns about this.",
      "Argument order is the reverse of the notation: kl_div(input=log Q, target=P) computes KL(P ‖ Q).",
      "Target entries equal to 0 contribute 0 (PyTorch treats 0·log 0 as 0).",
    ],
    params: {
      ...legacy,
      reduction:
        "'none' keeps every element's term, 'batchmean' divides the sum by the batch size (the KL divergence), " +
        "'sum' adds everything, 'mean' (default) divides by the number of elements.",
      log_target: "True if the target is given as log-probabilities too (more stable for tiny probabilities).",
    },
    inputs: {
      input: "Log-probabilities of the model's distribution Q (log_softmax over the class dimension).",
      target: "Probabilities of the target distribution P (log-probabilities if log_target=True), same shape.",
    },
    output: {
      none: "Every element's term p·(log p − log q), same shape as the input.",
      mean: "A scalar: the sum divided by the number of elements (not the KL divergence).",
      sum: "A scalar: the sum of all terms.",
      batchmean: "A scalar: the sum divided by the batch size, the KL divergence per sample.",
    },
  },
  BCELoss: {
    details:
      "BCELoss is the binary cross-entropy between predicted probabilities and 0/1 (or soft) targets: " +
      "−[y·log x + (1 − y)·log(1 − x)]. It expects probabilities, so the model ends in a sigmoid. Computing log of " +
      "a sigmoid that has saturated to exactly 0 or 1 loses precision; PyTorch clamps each log at −100 so the loss " +
      "stays finite (100 per element at worst). BCEWithLogitsLoss does the same job on logits without that problem.",
    pitfalls: [
      "Inputs must be in [0, 1]: raw logits raise 'all elements of input should be between 0 and 1'.",
      "Numerically weaker than BCEWithLogitsLoss: saturated sigmoids hit the −100 clamp and the gradient vanishes. " +
        "Prefer BCEWithLogitsLoss and drop the final sigmoid.",
      "The target must be float and the same shape as the input (not int64 class indices).",
    ],
    params: {
      weight: elementWeight,
      ...legacy,
      reduction,
    },
    inputs: {
      input: "Probabilities in [0, 1] (sigmoid output), any shape.",
      target: "Targets in [0, 1] (usually 0 or 1), float, same shape as the input.",
    },
    output: standardOutput,
  },
  BCEWithLogitsLoss: {
    details:
      "BCEWithLogitsLoss combines a sigmoid and binary cross-entropy in one expression that is stable for any " +
      "logit: it uses log(1 + exp(−|x|)) style arithmetic instead of taking the log of a saturated sigmoid. Use it " +
      "for binary classification and for multi-label classification (one independent yes/no per class). " +
      "pos_weight multiplies the positive term, trading precision for recall on imbalanced data.",
    pitfalls: [
      "Do not apply sigmoid before it: it expects logits.",
      "pos_weight is per class (broadcast along the last dimension): for 3 times fewer positives than negatives " +
        "use pos_weight = 3.",
      "Infinite logits give NaN even when the target agrees.",
      "The target must be float and the same shape as the input; a different shape raises an error.",
    ],
    params: {
      weight: elementWeight,
      ...legacy,
      reduction,
      pos_weight:
        "Weight of positive examples per class, a tensor broadcast along the last dimension. > 1 raises recall.",
    },
    inputs: {
      input: "Logits: raw scores, any shape (no sigmoid).",
      target: "Targets in [0, 1] (usually 0 or 1), float, same shape as the input.",
    },
    output: standardOutput,
  },
  MarginRankingLoss: {
    details:
      "MarginRankingLoss learns an order between two scores: for target 1 it wants x1 > x2 + margin, for −1 it " +
      "wants x2 > x1 + margin, and pairs already ordered by at least the margin cost nothing. It is used for " +
      "learning to rank, recommendation and preference models.",
    pitfalls: [
      "The target is ±1, not 0/1: a 0 target makes the loss the constant margin.",
      "With margin 0 (default) a tie x1 = x2 costs nothing; set a positive margin to demand a gap.",
    ],
    params: { margin: "The required gap between the two scores. Default 0.0.", ...legacy, reduction },
    inputs: {
      input1: "First score of each pair.",
      input2: "Second score of each pair, same shape.",
      target: "1 if input1 should rank higher, −1 if input2 should.",
    },
    output: { none: "The loss of every pair: (N) or ().", mean: scalar, sum: scalarSum },
  },
  HingeEmbeddingLoss: {
    details:
      "HingeEmbeddingLoss works on a distance between two items (often an L1 or L2 distance of embeddings): " +
      "similar pairs (target 1) pay their distance, dissimilar pairs (target −1) pay only while they are closer " +
      "than the margin. It is used for similarity learning and semi-supervised embeddings.",
    pitfalls: [
      "The input is a distance (≥ 0 in practice), not a similarity.",
      "The target must be 1 or −1: any other value (0, say) gets both terms, x + max(0, margin − x).",
    ],
    params: { margin: "Distance beyond which dissimilar pairs cost nothing. Default 1.0.", ...legacy, reduction },
    inputs: {
      input: "Distances between the two items of each pair.",
      target: "1 for similar pairs, −1 for dissimilar pairs, same shape.",
    },
    output: standardOutput,
  },
  MultiLabelMarginLoss: {
    details:
      "MultiLabelMarginLoss is a hinge loss for multi-label classification: every target class must score at least " +
      "1 more than every non-target class; violations are summed and divided by C. The target lists the target " +
      "class indices first and is padded with −1: only the indices before the first −1 count.",
    pitfalls: [
      "The target is not a 0/1 mask: it holds class indices, padded with −1, and has the same shape as the input.",
      "Indices after the first −1 are ignored, so [3, 0, −1, 1] means classes {3, 0}.",
    ],
    params: { ...legacy, reduction },
    inputs: {
      input: "Scores per class: (C) or (N, C).",
      target: "Target class indices (int64) followed by −1 padding, same shape as the input.",
    },
    output: { none: "The loss of every sample: (N) or ().", mean: scalar, sum: scalarSum },
  },
  HuberLoss: {
    details:
      "HuberLoss is quadratic for errors smaller than delta and linear beyond: ½e² near zero, delta·(|e| − ½delta) " +
      "further out. Small errors get MSE's smooth, shrinking gradient; large errors get a gradient capped at " +
      "±delta, so outliers cannot dominate. It equals delta × SmoothL1Loss with beta = delta.",
    pitfalls: [
      "delta must be positive (0 raises an error); it is in the units of the target, so rescaling the data changes " +
        "its meaning.",
      "Not the same numbers as SmoothL1Loss unless delta = 1: Huber = delta · SmoothL1(beta = delta).",
    ],
    params: {
      reduction,
      delta: "Error size where the loss turns from quadratic to linear; also the slope beyond it. Default 1.0, > 0.",
    },
    inputs: { input: "Predictions, any shape.", target: "Ground truth, same shape as the input." },
    output: standardOutput,
  },
  SmoothL1Loss: {
    details:
      "SmoothL1Loss is quadratic for errors below beta and L1 above it. This makes it robust: beyond beta the " +
      "gradient is ±1 whatever the error, so outliers pull no harder than ordinary errors (unlike MSE, whose " +
      "gradient grows with the error), while near zero the gradient shrinks smoothly so training settles instead of " +
      "oscillating (unlike L1). It is the usual box-regression loss in object detection.",
    pitfalls: [
      "beta = 0 turns it into L1Loss; negative beta raises an error.",
      "Not HuberLoss: for beta ≠ 1 the values differ by a factor beta (Huber = beta · SmoothL1).",
      "beta is in the units of the target: normalise targets or tune beta accordingly.",
    ],
    params: {
      ...legacy,
      reduction,
      beta: "Error size where the loss turns from quadratic to linear. Default 1.0, ≥ 0.",
    },
    inputs: { input: "Predictions, any shape.", target: "Ground truth, same shape as the input." },
    output: standardOutput,
  },
  SoftMarginLoss: {
    details:
      "SoftMarginLoss is the logistic loss for two classes written with ±1 labels: log(1 + exp(−y·x)). It is " +
      "mathematically the same as BCEWithLogitsLoss with targets (y + 1)/2, a smooth version of the hinge loss.",
    pitfalls: [
      "Labels are ±1, not 0/1: with 0 labels every element costs log 2.",
      "For margins y·x below about −89 float32 overflows to inf; BCEWithLogitsLoss is more stable there.",
    ],
    params: { ...legacy, reduction },
    inputs: {
      input: "Scores (logits), any shape.",
      target: "Labels 1 or −1, same shape as the input.",
    },
    output: standardOutput,
  },
  MultiLabelSoftMarginLoss: {
    details:
      "MultiLabelSoftMarginLoss treats every class as an independent yes/no question: a sigmoid binary " +
      "cross-entropy per class, averaged over the C classes, giving one loss per sample. It matches " +
      "BCEWithLogitsLoss averaged over the class dimension.",
    pitfalls: [
      "The target is a 0/1 matrix (N, C), not class indices (compare MultiLabelMarginLoss).",
      "The input is logits: no sigmoid before it.",
    ],
    params: { weight: classWeight, ...legacy, reduction },
    inputs: { input: "Logits per class: (N, C).", target: "0/1 labels per class: (N, C)." },
    output: { none: "The loss of every sample, averaged over classes: (N).", mean: scalar, sum: scalarSum },
  },
  CosineEmbeddingLoss: {
    details:
      "CosineEmbeddingLoss compares two embeddings by their cosine similarity: similar pairs (target 1) pay " +
      "1 − cos, dissimilar pairs (target −1) pay only when their cosine is above the margin. Only the direction of " +
      "the vectors matters, not their length.",
    pitfalls: [
      "The target is ±1. Similarity is computed along dim 1 of (N, D) inputs.",
      "margin should lie in [−1, 1]; 0 to 0.5 is typical.",
    ],
    params: {
      margin: "Cosine above which dissimilar pairs are penalised, in [−1, 1]. Default 0.0.",
      ...legacy,
      reduction,
    },
    inputs: {
      input1: "First embeddings: (N, D) or (D).",
      input2: "Second embeddings, same shape.",
      target: "1 for similar pairs, −1 for dissimilar pairs: (N) or ().",
    },
    output: { none: "The loss of every pair: (N) or ().", mean: scalar, sum: scalarSum },
  },
  MultiMarginLoss: {
    details:
      "MultiMarginLoss is the multi-class SVM (hinge) loss: the score of the true class must exceed every other " +
      "class's score by the margin; each violation adds (margin − x[y] + x[i])ᵖ, and the sum is divided by C. " +
      "Unlike cross entropy it is exactly 0 once every margin is met.",
    pitfalls: [
      "p can only be 1 or 2; anything else raises 'only p == 1 and p == 2 supported'.",
      "The target is class indices (int64), like CrossEntropyLoss.",
    ],
    params: {
      p: "1 for the hinge, 2 for the squared hinge. Default 1.",
      margin: "Required lead of the true class's score over every other class. Default 1.0.",
      weight: classWeight,
      ...legacy,
      reduction,
    },
    inputs: { input: "Scores per class: (N, C) or (C).", target: "Class indices (int64), in [0, C): (N) or ()." },
    output: { none: "The loss of every sample: (N) or ().", mean: scalar, sum: scalarSum },
  },
  TripletMarginLoss: {
    details:
      "TripletMarginLoss learns embeddings from triplets: an anchor, a positive of the same identity and a negative " +
      "of another. It wants d(anchor, positive) + margin ≤ d(anchor, negative) with d the p-norm distance; " +
      "triplets that already satisfy this cost nothing. swap=True also uses the positive–negative distance when it " +
      "is smaller (the distance swap of Balntas et al.).",
    pitfalls: [
      "Easy triplets give zero loss and zero gradient: mining hard or semi-hard negatives matters more than the loss.",
      "eps is added inside the distance (‖a − p + eps‖), so identical vectors give a tiny non-zero distance.",
    ],
    params: {
      margin: "Required gap between the negative and the positive distance. Default 1.0.",
      p: "Norm degree of the pairwise distance. Default 2.0 (Euclidean).",
      eps: "Small constant added inside the distance for stability. Default 1e-6.",
      swap: "Use min(d(a, n), d(p, n)) as the negative distance. Default False.",
      ...legacy,
      reduction,
    },
    inputs: {
      anchor: "Anchor embeddings: (N, D) or (D).",
      positive: "Embeddings of the same identity as the anchor, same shape.",
      negative: "Embeddings of a different identity, same shape.",
    },
    output: { none: "The loss of every triplet: (N) or ().", mean: scalar, sum: scalarSum },
  },
  TripletMarginWithDistanceLoss: {
    details:
      "TripletMarginWithDistanceLoss is the triplet loss with a distance of your choice: any callable taking two " +
      "tensors and returning a non-negative distance per pair (e.g. 1 − cosine similarity). With the default " +
      "(None) it uses pairwise_distance, i.e. TripletMarginLoss with p = 2. All its arguments are keyword-only.",
    pitfalls: [
      "Arguments are keyword-only: TripletMarginWithDistanceLoss(0.5) raises a TypeError; write margin=0.5.",
      "The distance function must return one non-negative value per pair, shape (N).",
    ],
    params: {
      distance_function: "A callable (x, y) → distances per pair. Default None: pairwise_distance (Euclidean).",
      margin: "Required gap between the negative and the positive distance, ≥ 0. Default 1.0.",
      swap: "Use min(d(a, n), d(p, n)) as the negative distance. Default False.",
      reduction,
    },
    inputs: {
      anchor: "Anchor embeddings: (N, *) or (*).",
      positive: "Embeddings of the same identity, same shape.",
      negative: "Embeddings of a different identity, same shape.",
    },
    output: { none: "The loss of every triplet: (N) or ().", mean: scalar, sum: scalarSum },
  },
  LinearCrossEntropyLoss: {
    details:
      "LinearCrossEntropyLoss (PyTorch 2.x) is a CrossEntropyLoss that owns the last linear layer of a classifier: " +
      "it takes features, computes the logits with self.linear (an nn.Linear without bias by default, initialised " +
      "at random like any Linear) and returns the cross entropy of those logits. Its parameters are the layer's " +
      "(criterion.linear.weight, .bias): pass them to the optimizer. forward calls F.linear_cross_entropy; with " +
      "options=None that is exactly cross_entropy(linear(input), target), while a LinearCrossEntropyOptions " +
      "computes it in chunks to save memory (same loss, rounded differently). out_features=(d1, ..., dK) gives " +
      "K-dimensional logits (N, C, d1, ..., dK) from a batch of feature vectors.",
    pitfalls: [
      "The input is the features before the classifier layer, not logits: its last dimension must be in_features.",
      "The layer's weight is random until you set it or train it: two criteria built without torch.manual_seed give " +
        "different losses for the same input.",
      lceIgnoreIndex,
      "label_smoothing outside [0, 1] and a weight that is not of shape (num_classes,) are refused when the loss is " +
        "constructed, not at the call.",
      "PyTorch 1.13 has no LinearCrossEntropyLoss: nn.LinearCrossEntropyLoss raises AttributeError there.",
    ],
    params: {
      in_features: "Size of each input sample (the features' last dimension).",
      num_classes: "Number of classes C: the logits per sample.",
      out_features: "Extra logit dimensions (d1, ..., dK) for a K-dimensional loss. Default (): one logit per class.",
      bias: "Whether self.linear adds a learnable bias (stored flat, (C·prod(out_features),)). Default False.",
      device: "Where the linear layer's weight lives. Default None (the current default device).",
      dtype: "The linear layer's dtype. Default None (the default float type, float32).",
      reduction: reduction + " With weight and class indices, 'mean' divides by the total weight of the targets.",
      weight: classWeight + " Checked at construction.",
      ignore_index:
        "A class-index target value that is skipped: it contributes 0 and is not counted in the mean. Default None, " +
        "which means -100; not allowed with probability targets.",
      label_smoothing:
        "Amount of smoothing in [0, 1]: the target becomes (1 − ε)·one-hot + ε/C. Checked at construction: values " +
        "outside [0, 1] raise RuntimeError.",
      options:
        "A LinearCrossEntropyOptions to compute the loss in chunks (less memory). Default None: the reference " +
        "path, cross_entropy(linear(input), target).",
    },
    inputs: {
      input: "Features: (in_features) or (N, in_features), the input of the classifier's linear layer.",
      target:
        "Class indices (int64, in [0, C); shape (), (N) or (N, d1, ..., dK)), or class probabilities (float, the " +
        "logits' shape).",
    },
    output: {
      none: "The loss of every sample: (), (N) or (N, d1, ..., dK).",
      mean: "A scalar: the (weighted) mean over the samples that are not ignored.",
      sum: "A scalar: the sum over all samples.",
    },
    // F.linear_cross_entropy: the layer is the caller's (its weight and bias are inputs), checked at the call.
    functional: {
      pitfalls: [
        "The input is the features before the classifier layer, not logits: its last dimension must be linear_weight's " +
          "last (in_features).",
        lceIgnoreIndex,
        "label_smoothing is checked when the loss is computed, as F.cross_entropy checks it: above 1 raises " +
          "RuntimeError, a negative value is not refused.",
        "PyTorch 1.13 has no linear_cross_entropy: F.linear_cross_entropy raises AttributeError there.",
      ],
      params: {
        linear_bias:
          "Bias added to the logits: (C), or (C, d1, ..., dK) matching linear_weight for a K-dimensional loss. " +
          "Default None: no bias.",
        weight: classWeight,
        label_smoothing:
          "Amount of smoothing in [0, 1]: the target becomes (1 − ε)·one-hot + ε/C. Checked when the loss is " +
          "computed, as F.cross_entropy checks it: values above 1 raise RuntimeError, negative ones are not refused.",
      },
      inputs: {
        linear_weight:
          "The linear layer's weight W: (C, in_features), or (C, d1, ..., dK, in_features) for a K-dimensional " +
          "loss. The logits are input @ Wᵀ (+ linear_bias).",
      },
    },
  },
};
