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
const EXCEPTIONS_2_13: Record<string, string> = {
  ...EXCEPTIONS,
};

const EXCEPTIONS_BY_VERSION: Record<PyTorchVersion, Record<string, string>> = { "1.13": EXCEPTIONS, "2.13": EXCEPTIONS_2_13 };

export function exactParts(c: FixtureCase, version: PyTorchVersion = "1.13"): ExactPart[] {
  if (c.id in EXCEPTIONS_BY_VERSION[version]) return [];
  return EXACT[c.loss] ?? [];
}
