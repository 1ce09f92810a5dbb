// Which results are bit-identical to PyTorch's, not just within tolerance. For the losses and parts listed,
// every fixture case must match PyTorch to the last bit (and the sign of zero); the others are held to the
// project's tolerance, and engine/README.md ("Last digit") says why they differ.
import type { PyTorchVersion } from "../../engine/api/versions";
import type { FixtureCase } from "./fixtures";

export type ExactPart = "value" | "perElement" | "grads";

const ALL: ExactPart[] = ["value", "perElement", "grads"];

/** Loss name -> parts that are exact for float32 and float64 alike. */
const EXACT: Record<string, ExactPart[]> = {
  HingeEmbeddingLoss: ALL,
  L1Loss: ALL,
  MSELoss: ALL,
  SmoothL1Loss: ALL,
  HuberLoss: ALL,
  MarginRankingLoss: ALL,
  SoftMarginLoss: ALL,
  BCELoss: ALL,
  BCEWithLogitsLoss: ALL,
  PoissonNLLLoss: ALL,
  GaussianNLLLoss: ALL,
  KLDivLoss: ALL,
  MultiMarginLoss: ALL,
  MultiLabelMarginLoss: ALL,
  CosineEmbeddingLoss: ALL,
  TripletMarginLoss: ALL,
  TripletMarginWithDistanceLoss: ALL,
  CTCLoss: ALL,
  CrossEntropyLoss: ALL,
  MultiLabelSoftMarginLoss: ALL,
  NLLLoss: ALL,
  NLLLoss2d: ALL,
};

const MIXED_WEIGHT = "a float64 weight: PyTorch multiplies its float32 loss / gradient by it in float64 (in-place mul_), the engine in float32";
const BROADCAST_SUMS =
  "a broadcast input used by several ops: autograd sums each op's gradient to the input's shape, then adds them; the engine adds per element, then sums";

/** Cases exempt from the table above, each with the reason (id -> why). */
const EXCEPTIONS: Record<string, string> = {
  "BCELoss/f64-weight": MIXED_WEIGHT,
  "BCEWithLogitsLoss/f64-weights": MIXED_WEIGHT,
  "BCEWithLogitsLoss/mixed-f64-f32":
    "float64 logits, float32 target: PyTorch builds the loss in place in the target's float32, rounding after every op; the engine rounds once",
  "KLDivLoss/broadcast": BROADCAST_SUMS,
  // The weighting and sums run in float64 in TypeScript (PyTorch promotes after the float32 terms): close, and
  // equal on this case, but not PyTorch's order by construction (engine/README.md, mixed dtypes).
  "MultiLabelSoftMarginLoss/weight-float64": "float64 weight on float32 inputs: weighted in TypeScript",
};

/**
 * PyTorch 2.13 (the CPU wheel, AVX2 kernels): the same table, and its own exceptions. The wheel's torch.exp and
 * torch.log run Intel MKL's VML (closed source, not Sleef): composites that call them are close, not exact.
 */
const MKL = "the PyPI wheel's torch.exp / torch.log / torch.sqrt are Intel MKL's VML (closed source, not correctly rounded)";
const MKL_EXP = `exp(-x y): ${MKL}; glibc's expf stands in (equal on about 99 % of inputs)`;
const MKL_EXP_LOG = `exp(x) / log(x + eps) / log(y): ${MKL}; glibc's stands in (about 99 % / 94 % of inputs)`;
const MKL_LOG = `log(var): ${MKL}; glibc's logf stands in (about 94 % of inputs)`;
const MKL_SQRT = `sqrt_ of the magnitudes' product: ${MKL} (about 17 % of float32 roots differ from the correctly rounded one)`;
const BCE_TARGET_LOGIT = `the target's gradient -logit(p) takes log(p / (1 - p)) on the whole tensor: ${MKL}`;

const EXCEPTIONS_2_13: Record<string, string> = {
  ...EXCEPTIONS,
  "BCELoss/float32/[3, 4]/opts1": BCE_TARGET_LOGIT,
  "BCELoss/float32/[3, 4]/opts2": BCE_TARGET_LOGIT,
  "BCELoss/float32/[3, 4]/opts4": BCE_TARGET_LOGIT,
  "BCELoss/float32/[2, 3, 5]/opts0": BCE_TARGET_LOGIT,
  "BCELoss/float32/[2, 3, 5]/opts1": BCE_TARGET_LOGIT,
  "BCELoss/float32/[2, 3, 5]/opts2": BCE_TARGET_LOGIT,
  "BCELoss/float32/[2, 3, 5]/opts3": BCE_TARGET_LOGIT,
  "BCELoss/large": BCE_TARGET_LOGIT,
  "BCELoss/path-w-float32-37-mean": BCE_TARGET_LOGIT,
  "BCELoss/path-w-float32-37-sum": BCE_TARGET_LOGIT,
  "BCELoss/path-w-float32-37-none": BCE_TARGET_LOGIT,
  "SoftMarginLoss/nonfinite-vectorized": MKL_EXP,
  "SoftMarginLoss/rows-float32-[7, 37]-[37]": MKL_EXP,
  "SoftMarginLoss/rows-float32-[2, 3, 20]-[3, 1]": MKL_EXP,
  "SoftMarginLoss/rows-float64-[7, 37]-[37]": MKL_EXP,
  "PoissonNLLLoss/float32/[]/opts3": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[5]/opts1": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[5]/opts3": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[5]/opts4": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[3, 4]/opts4": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[3, 4]/opts5": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[2, 3, 5]/opts1": MKL_EXP_LOG,
  "PoissonNLLLoss/float32/[2, 3, 5]/opts4": MKL_EXP_LOG,
  "PoissonNLLLoss/float64/[3, 4]/opts2": MKL_EXP_LOG,
  "PoissonNLLLoss/stirling-target-grad": MKL_EXP_LOG,
  "PoissonNLLLoss/large": MKL_EXP_LOG,
  "PoissonNLLLoss/path-float32-37-mean": MKL_EXP_LOG,
  "PoissonNLLLoss/path-float64-37-none": MKL_EXP_LOG,
  "PoissonNLLLoss/path-full-float32-37-mean": MKL_EXP_LOG,
  "PoissonNLLLoss/path-full-float32-37-sum": MKL_EXP_LOG,
  "PoissonNLLLoss/path-full-float32-37-none": MKL_EXP_LOG,
  "GaussianNLLLoss/float32/[3, 4]/opts0": MKL_LOG,
  "GaussianNLLLoss/float32/[2, 3, 5]/opts0": MKL_LOG,
  "GaussianNLLLoss/float32/[2, 3, 5]/opts3": MKL_LOG,
  "GaussianNLLLoss/target-broadcast": MKL_LOG,
  "GaussianNLLLoss/large": MKL_LOG,
  "KLDivLoss/log-target-grad": MKL_EXP,
  "KLDivLoss/path-lt-float32-37-none": MKL_EXP,
  "CosineEmbeddingLoss/float32/mean/m-0.3": MKL_SQRT,
  "CosineEmbeddingLoss/float32/mean/functional-int-target": MKL_SQRT,
  "CosineEmbeddingLoss/float32/mean/other-labels": MKL_SQRT,
  "CosineEmbeddingLoss/float32/sum/m0": MKL_SQRT,
  "CosineEmbeddingLoss/float32/legacy/reduce=False": MKL_SQRT,
  "CosineEmbeddingLoss/float64/legacy/reduce=False": MKL_SQRT,
  "CosineEmbeddingLoss/float32/upstream-8/none": MKL_SQRT,
  "CosineEmbeddingLoss/float32/upstream-8/mean": MKL_SQRT,
  "CosineEmbeddingLoss/float32/wide11/sum/m0": MKL_SQRT,
  "CosineEmbeddingLoss/float32/wide11/sum/m-0.3": MKL_SQRT,
  "CosineEmbeddingLoss/float32/wide11/sum/upstream": MKL_SQRT,
  "CosineEmbeddingLoss/float32/wide37/mean/m0": MKL_SQRT,
  "CosineEmbeddingLoss/float32/wide37/mean/m-0.3": MKL_SQRT,
  "CosineEmbeddingLoss/float32/wide37/mean/upstream": MKL_SQRT,
  "CosineEmbeddingLoss/float64/wide37/none/m0": MKL_SQRT,
  "CosineEmbeddingLoss/float64/wide37/none/m-0.3": MKL_SQRT,
  "CosineEmbeddingLoss/float64/wide37/none/upstream": MKL_SQRT,
};

const EXCEPTIONS_BY_VERSION: Record<PyTorchVersion, Record<string, string>> = { "1.13": EXCEPTIONS, "2.13": EXCEPTIONS_2_13 };

export function exactParts(c: FixtureCase, version: PyTorchVersion = "1.13"): ExactPart[] {
  if (c.id in EXCEPTIONS_BY_VERSION[version]) return [];
  return EXACT[c.loss] ?? [];
}
