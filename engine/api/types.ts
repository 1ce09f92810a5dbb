// The engine's typed contract: tensors and a loss call in; value, per-element loss and gradients out.
// Shared by the evaluator (engine/python), the extension, the playground and the CLI.
import type { ParamValue, ReductionChoice } from "../catalog/types";
import type { DtypeKernels } from "./kernels.generated";
import type { Arena } from "./memory";
import type { ResidentHeap } from "./resident";
import type { PyTorchVersion } from "./versions";

export type { PyTorchVersion } from "./versions";

export type DType = "float32" | "float64" | "int64";

/**
 * A dense row-major tensor. int64 tensors hold their (integral) values in a Float64Array: exact up to 2^53,
 * which covers class indices, lengths and every integer a user types.
 */
export interface Tensor {
  dtype: DType;
  shape: number[];
  data: Float32Array | Float64Array;
}

/** An option value: a number/bool/string/None, a tensor (weight, pos_weight) or a named distance function. */
export type OptionValue = ParamValue | Tensor | DistanceFunction;

/** TripletMarginWithDistanceLoss's distance_function, as far as the evaluator can describe it. */
export interface DistanceFunction {
  kind: "pairwise"; // nn.PairwiseDistance(p, eps, keepdim) or F.pairwise_distance
  p: number;
  eps: number;
}

export interface LossCall {
  /** torch.nn class name from the catalog, e.g. "CrossEntropyLoss" (functional calls are mapped to it). */
  loss: string;
  /** Forward inputs in PyTorch's call order (input, target[, var] / anchor, positive, negative / ...). */
  inputs: Tensor[];
  /** Keyword options as the user gave them; missing ones take the catalog's defaults. */
  options?: Record<string, OptionValue>;
  /** Which inputs need a gradient (default: every floating input). */
  requiresGrad?: boolean[];
  /** Upstream gradient for a non-scalar output (default: ones, i.e. the gradient of the sum). */
  upstream?: Tensor;
  /**
   * "copy" (default): perElement and grads are fresh arrays. "view": they are views into the engine's memory,
   * valid until its next call (compute, elementwise, tensor, release): no copies out, for callers that read the
   * result at once (benchmarks, curves).
   */
  outputs?: "copy" | "view";
  /**
   * false: only the gradients are wanted (autograd's backward of an unreduced loss, whose value the forward
   * already gave). Losses that can skip the loss's own arithmetic (the element-wise ones) then return value and
   * perElement empty (shape [0]); the others compute them anyway. Default true.
   */
  value?: boolean;
  /** The PyTorch whose answer is wanted (default: the engine's, createEngine({ pytorch })). */
  pytorch?: PyTorchVersion;
  /**
   * The evaluator's resident heap (Engine.residentHeap): when an input lives in it, the loss runs in its memory, on
   * its scratch (ResidentHeap.scratch): inputs there are read in place, and with outputs "view" the results are
   * scratch blocks the caller may adopt (ResidentHeap.adopt). A heap with no room left: the engine's own memory.
   */
  heap?: ResidentHeap;
}

/** What a loss module computes (engine/losses); the engine adds what it settled to make a LossResult. */
export interface LossValues {
  /** The loss after reduction (shape [] for mean/sum). */
  value: Tensor;
  /** The unreduced per-element loss (reduction='none' applied to the same inputs). */
  perElement: Tensor;
  /** Gradient of the loss (of its sum when not scalar) w.r.t. each input; null where not requested/defined. */
  grads: (Tensor | null)[];
  /** PyTorch's warnings for this call (broadcasting a target, deprecated size_average/reduce...). */
  warnings: string[];
}

export interface LossResult extends LossValues {
  /** The reduction the engine applied (legacy size_average / reduce resolved; KLDivLoss's 'batchmean' kept). */
  reduction: ReductionChoice;
  /** The grad_fn PyTorch's result carries (print(loss) shows it), e.g. "MseLossBackward0". */
  gradFn: string;
  /** The PyTorch version that answered. */
  pytorch: PyTorchVersion;
}

/** The Python exception PyTorch raises, with its exact message. */
export type ErrorKind = "ValueError" | "RuntimeError" | "TypeError" | "IndexError" | "NotImplementedError";

export class LossError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Index of the offending input or option name, when known, so callers can place the diagnostic. */
    readonly where?: number | string,
  ) {
    super(message);
    this.name = kind;
  }
}

/**
 * Engine.elementwise's `vector` for torch.<op> on a whole tensor (ATen's vml unary ops): Sleef's vector function on
 * every element in PyTorch 1.13, Intel MKL's VML for exp / log in the 2.x wheels (glibc's stands in).
 */
export const VML = -1;

/** The element-wise functions Engine.elementwise computes. */
export type ElementwiseOp = "exp" | "log" | "log1p" | "sigmoid" | "erf";

export interface Engine {
  /** Which kernel build runs: "fma" (relaxed SIMD's fused multiply-add, where the host fuses) or "emulated". */
  readonly kernelVariant: "fma" | "emulated";
  /** The version answered when a call names none. */
  readonly pytorch: PyTorchVersion;
  compute(call: LossCall): LossResult;
  /**
   * op over the values of a contiguous float32 / float64 tensor (a new array of the same type), bit for bit what
   * torch.<op> returns on PyTorch 1.13's CPU: the first `vector` elements through Sleef's vector function, the rest
   * through glibc's (a kernel's scalar tail). Default: ATen's own split for op (all vector for exp / log / log1p,
   * sigmoid's n % 16 float32 / n % 8 float64 tail scalar; erf: glibc's erff on every element, float32 only).
   * `vector` VML: torch.<op> on a whole tensor as
   * `pytorch` (default: the engine's version) computes it. `into` (data's type and length): the results are
   * written there and it is returned, instead of a new array.
   */
  elementwise<A extends Float32Array | Float64Array>(op: ElementwiseOp, data: A, vector?: number, pytorch?: PyTorchVersion, into?: A): A;
  /**
   * A tensor whose values live in the engine's memory (written once, `values` or zeros; int64 as float64, as
   * every Tensor holds it): compute() reads it in place, without copying it in (class-index targets included).
   * It stays valid until release(t).
   */
  tensor(dtype: DType, shape: number[], values?: ArrayLike<number>): Tensor;
  /** Gives a tensor from tensor() back; other tensors are ignored. */
  release(t: Tensor): void;
  /** A new resident heap for the evaluator's tensors (api/resident.ts), or null where the host cannot make one. */
  residentHeap(): ResidentHeap | null;
  /** The module's kernels and scratch memory, for the evaluator's own tensor ops (engine/python/tensor/wasm.ts). */
  readonly kernels: EngineKernels;
}

/** Each dtype's kernels and the arena they read and write (reset by every engine call). */
export interface EngineKernels {
  float32: DtypeKernels;
  float64: DtypeKernels;
  arena: Arena;
}
