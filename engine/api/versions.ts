// The PyTorch versions the engine answers as, and what differs between them, as data. Every answer is one
// version's: the caller names it (LossCall.pytorch, createEngine's default), loss modules read the facts below
// from ctx.torch, and a kernel variant exists only where that version's ATen really computes differently.
// Adding a version: a record here (copy the newest, change what changed), its fixtures, and the kernels whose
// arithmetic changed (engine/README.md, "PyTorch versions").
import type { Engine, ErrorKind } from "./types";

/** Newest first: the first is the default wherever no version is known. */
export const PYTORCH_VERSIONS = ["2.13", "1.13"] as const;
export type PyTorchVersion = (typeof PYTORCH_VERSIONS)[number];
export const NEWEST_PYTORCH: PyTorchVersion = PYTORCH_VERSIONS[0];

export function isPyTorchVersion(v: unknown): v is PyTorchVersion {
  return typeof v === "string" && (PYTORCH_VERSIONS as readonly string[]).includes(v);
}

/**
 * The supported version a torch version string answers as ("2.13.0+cpu" -> "2.13", "1.13.1" -> "1.13"), or
 * undefined for a version we do not model (the caller decides: the newest, and says so).
 */
export function pytorchVersionOf(version: string): PyTorchVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)(?:[.+\w-]*)\s*$/.exec(version);
  if (!m) return undefined;
  const mm = `${Number(m[1])}.${Number(m[2])}`;
  return isPyTorchVersion(mm) ? mm : undefined;
}

/**
 * A message whose wording changed: the engine writes PyTorch 1.13's words (the baseline) and a version's rules
 * rewrite them on the way out (first match wins), the exception type too where it changed.
 */
export interface MessageRule {
  from: RegExp;
  to: string;
  kind?: ErrorKind;
}

/** What one PyTorch version does where versions differ (each fact measured against that version's wheel/build). */
export interface TorchBehaviour {
  version: PyTorchVersion;
  /** Error messages (and exception types) that differ from 1.13's. */
  errors: MessageRule[];
  /** Warnings that differ from 1.13's. */
  warnings: MessageRule[];
  /** nll_loss (and so cross_entropy) with a target that is not of an integer type. */
  classTargetDtype: (found: string) => string;
  /** multilabel_margin_loss's target size message. */
  multilabelTargetSize: (target: string, input: string) => string;
  /** multi_margin_loss's target size message. */
  multiMarginTargetSize: (expected: string, got: string, input: string) => string;
  /** triplet_margin_with_distance_loss checks dims, margin and reduction itself (2.x), before any distance. */
  tripletDistanceChecks: boolean;
  /** Triplet losses reject margin <= 0 (ValueError), module and functional forms. */
  tripletPositiveMargin: boolean;
  /** binary_cross_entropy checks that every target lies in [0, 1]. */
  bceTargetRange: boolean;
  /** How F.binary_cross_entropy checks the weight against the target: _infer_size (1.13) or torch.broadcast_shapes (2.x). */
  bceWeightShapes: "inferSize" | "broadcastShapes";
  /** poisson_nll_loss's message for an invalid reduction. */
  poissonBadReduction: (r: string) => string;
  /**
   * Element-wise formulas that changed: "1.13" is the formula Debian's 1.13 runs, "2.x" the rewritten one.
   * bce: log(1 - x) vs log1p(-x); bceLogits: the max-trick vs log_sigmoid; softMargin: log(1 + exp) vs log1p(exp);
   * tripletDistance: (d_p - d_n) + margin vs (margin + d_p) - d_n; smoothL1Beta0: smooth_l1's kernel vs l1_loss.
   */
  formulas: {
    bce: "log1m" | "log1p";
    bceLogits: "maxTrick" | "logSigmoid";
    softMargin: "log1pExpComposite" | "log1pExp";
    tripletDistance: "marginLast" | "marginFirst";
    smoothL1Beta0: "smoothL1" | "l1";
  };
  /** mse_loss's backward accepts an input and target of different dtypes (1.13: "Found dtype ... but expected ..."). */
  mseMixedDtypes: boolean;
  /** MSE/L1/Huber functional forms take weight= (2.x). */
  functionalWeight: boolean;
  /** GaussianNLLLoss accepts a Python float var (2.x). */
  gaussianFloatVar: boolean;
  /**
   * torch.exp / torch.log on float tensors: Sleef's vector functions (Debian's 1.13) or Intel MKL's VML (the
   * PyPI 2.x wheels, closed source: the engine uses glibc's functions, equal on about 99 % (exp) / 94 % (log)
   * of float32 inputs; engine/README.md, "PyTorch versions").
   */
  vml: "sleef" | "mkl";
  /**
   * The float 2-norm over the last dimension (pairwise_distance, so the triplet losses): "fused" (1.13: float32
   * lanes of fused multiply-adds, float64 one fused chain) or "lanes" (2.x: lanes that round each square).
   */
  lastDimNorm: "fused" | "lanes";
  /**
   * torch.linspace: "vectorBody" (1.13: chunks of two vectors take the chunk's first value plus lane · step) or
   * "fused" (2.x: every element start + step · i, resp. end - step · (n - 1 - i), one fused multiply-add).
   */
  linspace: "vectorBody" | "fused";
  /** softmax's backward over the last dimension sums g·y with fused multiply-adds (1.13) or unfused (2.x). */
  softmaxBackwardFused: boolean;
  /** var / std over dims: Welford's m2 update is one fused multiply-add (1.13's AVX2 build contracts it) or not (2.x). */
  welfordFused: boolean;
  /** F.elu's negative side: exp(x) - 1 (1.13) or expm1(x) (2.x). */
  eluExpm1: boolean;
  /** torch.optim.Adam moves exp_avg by lerp (2.x) or by mul_ then add_ (1.13). */
  adamLerp: boolean;
  /** Optimizer.zero_grad()'s default set_to_none (2.x: True, the gradients become None). */
  zeroGradToNone: boolean;
  /** torch.logaddexp's kernel: m + log(1 + exp(-|a - b|)) (1.13) or m + log1p(exp(-|a - b|)) (2.x). */
  logaddexpLog1p: boolean;
  /** torch.optim.SGD's default lr: required in 1.13 (null), 1e-3 in 2.x. */
  sgdDefaultLr: number | null;
  /** grad_fn of torch.quantile with a float q (its result's squeeze: the overload's number changed). */
  quantileGradFn: "SqueezeBackward3" | "SqueezeBackward4";
  /** grad_fn of reshape / flatten of a contiguous tensor: 1.13's _reshape_alias, 2.x's view. */
  reshapeGradFn: "ReshapeAliasBackward0" | "ViewBackward0";
  /** grad_fn of torch.diag: 1.13's own DiagBackward0; 2.x composes it (diag_embed for a vector, diagonal_copy for a matrix). */
  diagGradFn: (ofVector: boolean) => string;
  /**
   * var / std with degrees of freedom <= 0 (2.x): a UserWarning, and a gradient of NaN / inf per element. 1.13 warns
   * nothing, and with exactly 0 over all elements returns grad · inf as a 0-dim tensor, which its autograd rejects.
   */
  varDofChecks: boolean;
  /** narrow()'s start out of range: maybe_wrap_dim's message, [-size, size - 1] (1.13), or its own, [-size, size] (2.x). */
  narrowStartCheck: "wrapDim" | "own";
  /** diff with a negative n: returns its input (1.13), or raises "order must be non-negative" (2.x). */
  diffNegativeOrder: "input" | "error";
  /** torch.exp2 on float32: 2.x's AVX2 kernel runs Sleef's exp2f_u10 on whole vectors (glibc's exp2f on the tail);
   *  1.13 calls glibc's exp2f on every element. */
  exp2Sleef: boolean;
  /** torch.cross without dim warns that the default is deprecated (2.x). */
  crossDimWarning: boolean;
  /** scatter_reduce warns that it is in beta (1.13). */
  scatterReduceBeta: boolean;
  /** scatter_reduce's message for an unknown reduce (2.x names it). */
  scatterReduceBadReduce: (r: string) => string;
  /** The class whose __init__ a loss class runs, as named in its TypeError messages (2.x dropped a few overrides). */
  initOwner: (className: string) => string;
  /** Module constructors' own checks (2.x): a message for an option value they refuse, else null. */
  constructCheck: (className: string, option: string, value: number) => string | null;
  /** The Sleef build: Debian's libsleef 3.5.1, or the newer one the 2.x wheels bundle (log1p of huge x differs). */
  sleef: "3.5.1" | "3.6+";
  /** Autograd's product of a 0-dim gradient and a Python float (label smoothing's weights): in "float64" or the "dtype". */
  scalarGradProduct: "float64" | "dtype";
  /** F.linear_cross_entropy / nn.LinearCrossEntropyLoss exist (2.x). */
  linearCrossEntropy: boolean;
  /** Tensor.T on a 0-D tensor warns (2.x; 1.13 is silent there, and warns for every other dimension but 2). */
  warnTOn0d: boolean;
  /** torch.unique(sorted=False) sorts anyway (2.x); 1.13 returns its hash set's order (not reproduced). */
  uniqueUnsortedSorts: boolean;
  /**
   * The dispatch names in the errors of float-only kernels on int64 / bool input that changed: log_softmax over an
   * inner dim ("softmax_kernel_impl" in 1.13, "log_softmax_kernel_impl" in 2.x) and softshrink ("softshrink_cpu",
   * then "softshrink_check"). Measured with F.log_softmax(t, 0) and F.softshrink(t) of int64 / bool tensors.
   */
  kernelNames: { logSoftmaxInner: string; softshrink: string };
  /**
   * F.interpolate's linear / bilinear kernels (tensor/resize.ts): 1.13 carries the source index in double and takes
   * its channels-last kernel only for channels-last inputs; 2.x computes the index in the dtype (opmath) and takes
   * the channels-last kernel for small outputs and 3 channels as well.
   */
  upsampleIndex: "double" | "opmath";
  /** Pooling's pad check (pooling_output_shape): against half the kernel (1.13) or half the dilated kernel (2.x). */
  poolPadLimit: "kernel" | "effectiveKernel";
  /** max_pool2d dispatches integer inputs (2.x); 1.13 refuses them as not implemented. */
  maxPoolIntegers: boolean;
  /** Indexing takes int32 index tensors (2.x); 1.13 takes long, byte or bool ones only. */
  int32Indices: boolean;
  /** masked_fill / masked_select take a uint8 mask with a deprecation warning (1.13); 2.x raises. */
  uint8Masks: boolean;
  /** int32's -2^31 // -1 (and % / fmod) kills 1.13's process (SIGFPE, measured); 2.x gives -2^31 (and 0). */
  intMinDivTraps: boolean;
  /** pow_ / square_ by a number into a dtype that cannot hold the result: "Found dtype Bool but expected Long" (1.13). */
  powScalarFoundDtype: boolean;
  /** nansum of a float tensor into an integral dtype= (2.x casts and sums; 1.13 has no "nansum_cpu" kernel for it). */
  nansumIntoIntegral: boolean;
  /** Tensor.where(condition, other) takes a Python number as other (2.x); 1.13's parser wants a Tensor. */
  whereMethodNumberOther: boolean;
  /** Reflect / replicate padding has integer kernels (2.x), and checks every dim but the batch non-empty (1.13's reflect: all but dim 0). */
  padIntegers: boolean;
  /** take_along_dim checks its indices (1.13's error); 2.x gathers without a check, reading past the input. */
  takeAlongDimChecksBounds: boolean;
  /** argmax / argmin check a bool input before the dim (2.x's meta function); 1.13's kernel after it. */
  argBoolBeforeDim: boolean;
  /**
   * numpy scalar arithmetic with a Python number: the numpy the version's oracle runs with. numpy 1.x (1.13's, 1.24)
   * takes a Python int as int64 and a float as float64 (np.float32(x) * 3 is float64); numpy 2 (2.13's) takes them
   * as weak, of the numpy scalar's own kind (float32).
   */
  numpyWeakScalars: boolean;
  /** tril / triu check their input's rank in their own words (2.x); 1.13 reads size(-2) first (an IndexError). */
  triangleRankCheck: boolean;
  /** cov with fweights / aweights of a single observation overwrites its input with zeros (2.x, measured). */
  covSingleObservationOverwrites: boolean;
  /** A device given as an index (device=0, x.to(1)) on a CPU build: 1.13 asks CUDA, 2.x any accelerator. */
  deviceIndexError: { type: "AssertionError" | "RuntimeError"; message: string };
  /** The smallest output max_pool1d's own kernel accepts (1.13 lets an empty output through). */
  maxPool1dMinOutput: number;
  /** nn.Upsample's repr writes size / scale_factor / mode with str (1.13) or repr (2.x). */
  upsampleRepr: "str" | "repr";
  /** F.pad's reflect / replicate on dims it cannot pad: 1.13's NotImplementedError (null: 2.x's check, not reproduced). */
  padDimsError: string | null;
  /** How F.pad's reflect "Padding size should be less than" message names the input: its ndim (1.13) or its shape. */
  padInputInMessage: "ndim" | "shape";
  /** The grad_fn print shows for torch.norm / Tensor.norm (2.x runs linalg.vector_norm; F.pairwise_distance keeps NormBackward1). */
  normGradFn: "NormBackward1" | "LinalgVectorNormBackward0";
  /** Autograd nodes that save no tensor here beside the ones of every version (autograd.ts): a second backward through them runs. */
  nodesSavingNoTensor: string[];
  /**
   * repeat_interleave with an int repeats: 2.x unsqueezes, expands, clones and flattens (ViewBackward0; "Repeats must be
   * non-negative", and its size check names both sizes); 1.13 index_selects by a repeats tensor (IndexSelectBackward0).
   */
  repeatInterleaveExpand: boolean;
  /**
   * Which weights take lerp's start + w·(end - start) (the others end - (1 - w)·(end - start)): 1.13 every w < 0.5
   * (negative ones too), 2.x |w| < 0.5 (measured on 100,000 float32 lerps each, scalar and tensor weights).
   */
  lerpSmallWeight: "below" | "abs";
  /** HardswishBackward0's ends: 1.13 takes x = -3 and x = 3 into the middle formula, 2.x to the sides (0, grad). */
  /** nn.Softplus's defaults (beta, threshold) are floats (its repr shows 1.0, 20.0; 1.13's ints show 1, 20). */
  softplusFloatDefaults: boolean;
  hardswishOpenEnds: boolean;
  /**
   * F.softshrink's lambda check: 1.13 "greater or equal to 0" before the kernel's dtype dispatch; 2.x checks it
   * against the dtype's range in a dispatch of its own (softshrink_check), which refuses integers first.
   */
  softshrinkRangeCheck: boolean;
  /** F.softshrink within +-lambd: +0 everywhere (1.13), or x * 0 (x's sign) on the kernel's scalar tail (2.x). */
  softshrinkSignedZeroTail: boolean;
  /** F.prelu's grad_fn: 1.13's own prelu (PreluBackward0), 2.x's _prelu_kernel. */
  preluGradFn: "PreluBackward0" | "PreluKernelBackward0";
  /** F.prelu with a weight of another dtype (1.13: the generic dtype check's words). */
  preluDtypes: (input: string, weight: string) => string;
  /** F.unfold's "Given input with spatial size (h, w)" message: 1.13 prints the height twice. */
  unfoldSizeMessage: "heightTwice" | "heightWidth";
  /**
   * torch.cuda.amp.autocast(...) made on a CPU build (measured): 2.x's deprecation on every call, and the warning
   * that it disables itself when asked to be enabled.
   */
  autocastCudaWarnings: { deprecated: string | null; disabled: string };
  /** The overload number of F.interpolate's grad_fn (UpsampleBilinear2DBackward1 in 1.13, its vec overload; 0 in 2.x). */
  upsampleGradFnOverload: "0" | "1";
  /**
   * The range from which randint / random_(from, to) draw 64 random bits (random64() % range) instead of 32: 2^32
   * in 1.13, 2^28 in 2.13 (measured: the draws and the generator's advance on either side of each bound).
   */
  randint64From: number;
  /** exponential_ (so multinomial without replacement): -1/lambda · log(1 - u) (1.13) or · log1p(-u) (2.x). */
  exponentialLog1p: boolean;
  /** exponential_ refuses lambda = 0 too (2.x: lambda > 0; 1.13 only a negative one, and 0 gives inf). */
  exponentialLambdaPositive: boolean;
  /** torch.bernoulli(x, p) with a number p records a NotImplemented node whose backward raises (2.x; 1.13: none). */
  bernoulliScalarNode: boolean;
  /** multinomial with replacement of one sample takes the exponential (argmax of p / q) path too (2.x). */
  multinomialOneSampleFastPath: boolean;
  /** dropout's noise: empty_like(x) keeps a dense x's strides, so bernoulli_ draws in x's memory order (2.x), or is contiguous (1.13). */
  dropoutNoisePreservesLayout: boolean;
  /**
   * The CPU normalization kernels' float arithmetic (layer_norm / group_norm / batch_norm; measured bit for bit).
   * "1.13": RowwiseMoments unfused, the affine output and the backward's reductions, coefficients and dX fused
   * (GCC contracts the vector code). "2.x": RowwiseMoments with its explicit fmadd (chunk updates, merges) and a
   * fused lane merge, layer_norm's output (x - mean) · rstd fused into gamma / beta, the backward's row sums
   * unfused but for the partial last vector.
   */
  normKernels: "1.13" | "2.x";
}

/** The kernels' switches for a version (kernels/torch-flags.ts: bit 0 MKL's VML, bit 1 the 2.x norm). */
export function kernelFlags(t: TorchBehaviour): number {
  return (t.vml === "mkl" ? 1 : 0) | (t.lastDimNorm === "lanes" ? 2 : 0) | (t.scalarGradProduct === "dtype" ? 4 : 0) | (t.sleef === "3.6+" ? 8 : 0);
}

const V1_13: TorchBehaviour = {
  version: "1.13",
  errors: [],
  warnings: [],
  classTargetDtype: (found) => `expected scalar type Long but found ${found}`,
  multilabelTargetSize: (target) => `inconsistent size ${target} for argument #2 'target'`,
  multiMarginTargetSize: (_expected, got) => `inconsistent target size, got: ${got}`,
  tripletDistanceChecks: false,
  tripletPositiveMargin: false,
  bceTargetRange: false,
  bceWeightShapes: "inferSize",
  poissonBadReduction: (r) => `${r} is not valid`,
  formulas: { bce: "log1m", bceLogits: "maxTrick", softMargin: "log1pExpComposite", tripletDistance: "marginLast", smoothL1Beta0: "smoothL1" },
  mseMixedDtypes: false,
  functionalWeight: false,
  gaussianFloatVar: false,
  vml: "sleef",
  lastDimNorm: "fused",
  scalarGradProduct: "float64",
  sleef: "3.5.1",
  linspace: "vectorBody",
  softmaxBackwardFused: true,
  welfordFused: true,
  eluExpm1: false,
  adamLerp: false,
  zeroGradToNone: false,
  logaddexpLog1p: false,
  sgdDefaultLr: null,
  quantileGradFn: "SqueezeBackward3",
  reshapeGradFn: "ReshapeAliasBackward0",
  diagGradFn: () => "DiagBackward0",
  varDofChecks: false,
  narrowStartCheck: "wrapDim",
  diffNegativeOrder: "input",
  exp2Sleef: false,
  crossDimWarning: false,
  scatterReduceBeta: true,
  scatterReduceBadReduce: () => "reduce argument must be either sum, prod, mean, amax or amin.",
  initOwner: (c) => c,
  constructCheck: () => null,
  normGradFn: "NormBackward1",
  nodesSavingNoTensor: [],
  linearCrossEntropy: false,
  warnTOn0d: false,
  uniqueUnsortedSorts: false,
  kernelNames: { logSoftmaxInner: "softmax_kernel_impl", softshrink: "softshrink_cpu" },
  upsampleIndex: "double",
  poolPadLimit: "kernel",
  maxPoolIntegers: false,
  int32Indices: false,
  uint8Masks: true,
  intMinDivTraps: true,
  powScalarFoundDtype: true,
  nansumIntoIntegral: false,
  whereMethodNumberOther: false,
  padIntegers: false,
  takeAlongDimChecksBounds: true,
  argBoolBeforeDim: false,
  numpyWeakScalars: false,
  triangleRankCheck: false,
  covSingleObservationOverwrites: false,
  deviceIndexError: { type: "AssertionError", message: "Torch not compiled with CUDA enabled" },
  maxPool1dMinOutput: 0,
  upsampleRepr: "str",
  padDimsError: "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
  padInputInMessage: "ndim",
  repeatInterleaveExpand: false,
  lerpSmallWeight: "below",
  upsampleGradFnOverload: "1",
  randint64From: 2 ** 32,
  exponentialLog1p: false,
  exponentialLambdaPositive: false,
  bernoulliScalarNode: false,
  multinomialOneSampleFastPath: false,
  dropoutNoisePreservesLayout: false,
  normKernels: "1.13",
  softplusFloatDefaults: false,
  hardswishOpenEnds: false,
  softshrinkRangeCheck: false,
  softshrinkSignedZeroTail: false,
  preluGradFn: "PreluBackward0",
  preluDtypes: (input, weight) => `Found dtype ${weight} but expected ${input}`,
  unfoldSizeMessage: "heightTwice",
  autocastCudaWarnings: { deprecated: null, disabled: "UserWarning: User provided device_type of 'cuda', but CUDA is not available. Disabling" },
};

/** 2.x's functional triplet losses' message for margin <= 0 (ValueError). */
export function marginNotPositive(margin: number): string {
  return `margin must be greater than 0, got ${Number.isInteger(margin) ? margin.toFixed(1) : String(margin)}`;
}

const INHERITED_INIT_2X: Record<string, string> = {
  L1Loss: "_Loss",
  MSELoss: "_Loss",
  SoftMarginLoss: "_Loss",
  MultiLabelMarginLoss: "_Loss",
  BCELoss: "_WeightedLoss",
  MultiLabelSoftMarginLoss: "_WeightedLoss",
};

const V2_13: TorchBehaviour = {
  version: "2.13",
  errors: [
    // exponential_ checks the dtype first in 2.x, in its own words.
    { from: /^"exponential_cpu" not implemented for '(\w+)'$/, to: "Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified $1" },
    // F.interpolate's argument checks (functional.py) name lanczos and 4-D inputs in 2.x.
    { from: /^Anti-alias option is only supported for bilinear and bicubic modes$/, to: "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input" },
    { from: /for the modes: nearest \| linear \| bilinear \| bicubic \| trilinear \| area \| nearest-exact/, to: "for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact" },
    { from: /^prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = (\d+)$/, to: "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = $1" },
    { from: /^"(arg(?:max|min))_cpu" not implemented for 'Bool'$/, to: "$1(): does not support bool input" },
    { from: /^"topk_cpu" not implemented for 'Bool'$/, to: "topk does not support bool dtypes on CPU" },
    { from: /^"clamp_min_cpu" (not implemented for 'Bool')$/, to: '"clamp_min_scalar_cpu" $1', kind: "NotImplementedError" },
    { from: /^"(reflection|replication)_pad(\d)d(?:_cpu)?" (not implemented for '\w+')$/, to: '"$1_pad$2d" $3', kind: "NotImplementedError" },
    { from: /^norm\(\): input dtype should be either floating point or complex\. Got (\w+) instead\.$/, to: "linalg.vector_norm: Expected a floating point or complex tensor as input. Got $1" },
    // c10::NotImplementedError became Python's NotImplementedError.
    { from: /^("[\w]+" not implemented for '\w+')$/, to: "$1", kind: "NotImplementedError" },
    // narrow() checks a negative length on its own (F.pad's negative pads narrow the input first).
    { from: /^start \(\d+\) \+ length \(-\d+\) exceeds dimension size \(\d+\)\.$/, to: "narrow(): length must be non-negative." },
    { from: /^scatter\(\): Expected dtype int64 for index$/, to: "scatter(): Expected dtype int32/int64 for index" },
    { from: /^gather\(\): Expected dtype int64 for index$/, to: "gather(): Expected dtype int32/int64 for index" },
    { from: /^tensors used as indices must be long, byte or bool tensors$/, to: "tensors used as indices must be long, int, byte or bool tensors" },
    { from: /^one_hot is only applicable to index tensor\.$/, to: "one_hot is only applicable to index tensor of type LongTensor." },
    { from: /^nanmean\(\): expected input to have floating point dtype but got (\w+)$/, to: "nanmean(): expected input to have floating point or complex dtype but got $1" },
    { from: /^(.*) \(while checking arguments for ctc_loss_cpu\)$/, to: "$1 (while checking arguments for ctc_loss_allocate_outputs)" },
    // The argument parser: a missing dim of an op whose dim has a name overload (logcumsumexp, cummax / cummin) is
    // reported as missing; the defaults show in the signatures it lists (measured on the 2.13 wheel).
    {
      from: /^(\w+)\(\) received an invalid combination of arguments - got \((?:Tensor)?\), but expected one of:\n \* \((?:Tensor input, )?int dim(?:, \*, [\w ]+ out)?\)\n \* \((?:Tensor input, )?name dim(?:, \*, [\w ]+ out)?\)\n$/,
      to: '$1() missing 1 required positional arguments: "dim"',
      kind: "TypeError",
    },
    {
      from: /^(repeat_interleave\(\) received an invalid combination of arguments - got \(\), but expected one of:\n \* \(Tensor repeats), int dim, \*, int output_size\)\n \* \(int repeats, int dim, \*, int output_size\)\n$/,
      to: "$1, int dim = None, *, int output_size = None)\n * (int repeats, int dim = None, *, int output_size = None)\n",
    },
    {
      from: /^(tensor_split\(\) received an invalid combination of arguments - got \((?:Tensor)?\), but expected one of:\n) \* \((Tensor input, )?Tensor tensor_indices_or_sections, int dim\)\n \* \(\2?int sections, int dim\)\n \* \(\2?tuple of ints indices, int dim\)\n$/,
      to: "$1 * ($2tuple of ints indices, int dim = 0)\n * ($2Tensor tensor_indices_or_sections, int dim = 0)\n * ($2int sections, int dim = 0)\n",
    },
    {
      from: /^(lerp\(\) received an invalid combination of arguments - got \([^)]*\), but expected one of:\n \* \(Tensor input, Tensor end, Tensor weight, \*, Tensor out)\)\n( \* \(Tensor input, Tensor end, Number weight, \*, Tensor out)\)\n$/,
      to: "$1 = None)\n$2 = None)\n",
    },
    {
      from: /^All inputs should have same dimension but got (\d+)D, (\d+)D and (\d+)D inputs\.$/,
      to: "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor $1D, positive $2D, and negative $3D inputs",
    },
  ],
  warnings: [
    // The argument parser's deprecated-overload warning shows the defaults in 2.x (addcmul / addcdiv's value first,
    // add / sub's alpha first).
    {
      from: /^(This overload of (\w+) is deprecated:\n\t\2\(Tensor input, Number \w+, [\w, ]+, \*, Tensor out)\)\n(Consider using one of the following signatures instead:\n\t\2\(Tensor input, [\w, ]+, \*, Number \w+)(, Tensor out)\)$/,
      to: "$1 = None)\n$3 = 1$4 = None)",
    },
    { from: /^(This overload of (\w+) is deprecated:\n\t\2\(Number \w+, [\w, ]+\)\nConsider using one of the following signatures instead:\n\t\2\([\w, ]+, \*, Number \w+)\)$/, to: "$1 = 1)" },
    // F.upsample / upsample_nearest / upsample_bilinear quote their names.
    { from: /^nn\.functional\.(\w+) is deprecated\. Use nn\.functional\.interpolate instead\.$/, to: "`nn.functional.$1` is deprecated. Use `nn.functional.interpolate` instead." },
    {
      from: /^reduction='elementwise_mean' is deprecated, please use reduction='mean' instead\.$/,
      to: "reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
    },
    {
      from: /^NLLLoss2d has been deprecated\. Please use NLLLoss instead .*$/,
      to:
        "`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and see " +
        "https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.",
    },
  ],
  classTargetDtype: (found) => `expected target dtype to be Long or Byte, but got ${found}`,
  multilabelTargetSize: (target, input) => `inconsistent target size: ${target} for input of size: ${input}`,
  multiMarginTargetSize: (expected, got, input) =>
    `multi_margin_loss: target tensor should be 1-D with size equal to the number of input samples (batch size). Expected target size ${expected}, but got ${got}. Input has shape ${input}.`,
  tripletDistanceChecks: true,
  tripletPositiveMargin: true,
  bceTargetRange: true,
  bceWeightShapes: "broadcastShapes",
  poissonBadReduction: (r) => `${r} is not a valid value for reduction`,
  formulas: { bce: "log1p", bceLogits: "logSigmoid", softMargin: "log1pExp", tripletDistance: "marginFirst", smoothL1Beta0: "l1" },
  mseMixedDtypes: true,
  functionalWeight: true,
  gaussianFloatVar: true,
  vml: "mkl",
  lastDimNorm: "lanes",
  scalarGradProduct: "dtype",
  sleef: "3.6+",
  linspace: "fused",
  softmaxBackwardFused: false,
  welfordFused: false,
  eluExpm1: true,
  adamLerp: true,
  zeroGradToNone: true,
  logaddexpLog1p: true,
  sgdDefaultLr: 1e-3,
  quantileGradFn: "SqueezeBackward4",
  reshapeGradFn: "ViewBackward0",
  diagGradFn: (ofVector) => (ofVector ? "DiagEmbedBackward0" : "DiagonalBackward0_copy"),
  varDofChecks: true,
  narrowStartCheck: "own",
  diffNegativeOrder: "error",
  exp2Sleef: true,
  crossDimWarning: true,
  scatterReduceBeta: false,
  scatterReduceBadReduce: (r) => `reduce argument must be either sum, prod, mean, amax or amin, got ${r}`,
  // L1Loss, MSELoss, SoftMarginLoss and MultiLabelMarginLoss inherit _Loss.__init__; BCELoss and
  // MultiLabelSoftMarginLoss _WeightedLoss.__init__ (measured on the 2.13 wheel).
  initOwner: (c) => INHERITED_INIT_2X[c] ?? c,
  constructCheck: (c, option, v) => {
    if (option === "margin" && v <= 0 && (c === "TripletMarginLoss" || c === "TripletMarginWithDistanceLoss")) {
      return `${c}: expected margin to be greater than 0, got ${Number.isInteger(v) ? v.toFixed(1) : v} instead`;
    }
    return null;
  },
  // Measured: python-ops-2.13.json's norms (torch.norm, x.norm) and pairwise_cdist (F.pairwise_distance) cases.
  normGradFn: "LinalgVectorNormBackward0",
  // mean(dim) keeps only sizes in 2.x; 1.13 saves its input (measured: a second backward raises there).
  // Im2ColBackward0 keeps only sizes in 2.x (a second backward through F.unfold runs; 1.13 raises).
  nodesSavingNoTensor: ["MeanBackward1", "Im2ColBackward0"],
  linearCrossEntropy: true,
  warnTOn0d: true,
  // Measured: torch.unique(torch.tensor([3, 1, 2, 1]), sorted=False) is tensor([1, 2, 3]) (1.13: tensor([2, 1, 3])).
  uniqueUnsortedSorts: true,
  kernelNames: { logSoftmaxInner: "log_softmax_kernel_impl", softshrink: "softshrink_check" },
  upsampleIndex: "opmath",
  poolPadLimit: "effectiveKernel",
  maxPoolIntegers: true,
  int32Indices: true,
  uint8Masks: false,
  intMinDivTraps: false,
  powScalarFoundDtype: false,
  nansumIntoIntegral: true,
  whereMethodNumberOther: true,
  padIntegers: true,
  takeAlongDimChecksBounds: false,
  argBoolBeforeDim: true,
  numpyWeakScalars: true,
  triangleRankCheck: true,
  covSingleObservationOverwrites: true,
  deviceIndexError: { type: "RuntimeError", message: "Cannot access accelerator device when none is available." },
  maxPool1dMinOutput: 1,
  upsampleRepr: "repr",
  padDimsError: null,
  padInputInMessage: "shape",
  repeatInterleaveExpand: true,
  lerpSmallWeight: "abs",
  upsampleGradFnOverload: "0",
  randint64From: 2 ** 28,
  exponentialLog1p: true,
  exponentialLambdaPositive: true,
  bernoulliScalarNode: true,
  multinomialOneSampleFastPath: true,
  dropoutNoisePreservesLayout: true,
  normKernels: "2.x",
  softplusFloatDefaults: true,
  hardswishOpenEnds: true,
  softshrinkRangeCheck: true,
  softshrinkSignedZeroTail: true,
  preluGradFn: "PreluKernelBackward0",
  preluDtypes: (input, weight) => `prelu: Type promoting not supported. Got ${input} and ${weight}`,
  unfoldSizeMessage: "heightWidth",
  autocastCudaWarnings: {
    deprecated: "FutureWarning: `torch.cuda.amp.autocast(args...)` is deprecated. Please use `torch.amp.autocast('cuda', args...)` instead.",
    disabled: "UserWarning: CUDA is not available or torch_xla is imported. Disabling autocast.",
  },
};

const BEHAVIOURS: Record<PyTorchVersion, TorchBehaviour> = { "2.13": V2_13, "1.13": V1_13 };

export function torchBehaviour(v: PyTorchVersion): TorchBehaviour {
  return BEHAVIOURS[v];
}

function rewrite(rules: MessageRule[], message: string): { message: string; kind?: ErrorKind } {
  for (const r of rules) {
    if (r.from.test(message)) return { message: message.replace(r.from, r.to), kind: r.kind };
  }
  return { message };
}

/** A 1.13-worded error in version v's words and exception type. */
export function errorIn(v: PyTorchVersion, kind: ErrorKind, message: string): { kind: ErrorKind; message: string } {
  const r = rewrite(BEHAVIOURS[v].errors, message);
  return { kind: r.kind ?? kind, message: r.message };
}

/** A 1.13-worded warning in version v's words. */
export function warningIn(v: PyTorchVersion, message: string): string {
  return rewrite(BEHAVIOURS[v].warnings, message).message;
}

/** The engine answering as `pytorch` (every call names it), or as it is when no version is asked for. */
export function engineAs(engine: Engine, pytorch: PyTorchVersion | undefined): Engine {
  if (!pytorch || pytorch === engine.pytorch) return engine;
  return {
    kernelVariant: engine.kernelVariant,
    pytorch,
    compute: (call) => engine.compute({ ...call, pytorch: call.pytorch ?? pytorch }),
    elementwise: (op, data, vector, version, into) => engine.elementwise(op, data, vector, version ?? pytorch, into),
    tensor: (dtype, shape, values) => engine.tensor(dtype, shape, values),
    release: (t) => engine.release(t),
    residentHeap: () => engine.residentHeap(),
    kernels: engine.kernels,
  };
}
