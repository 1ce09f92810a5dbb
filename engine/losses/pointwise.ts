// The shared driver of element-wise losses: broadcast the inputs, copy them into wasm memory in the compute
// dtype, run one fused kernel (per-element loss, its sum, and scaled gradients), then reduce, apply the
// upstream gradient and sum gradients back to each input's shape.
import type { FloatDType } from "../api/memory";
import type { Reduction } from "../api/options";
import type { LossContext } from "../api/registry";
import { innerRow, sumToSize, vectorPart, vectorized } from "../api/aten-order";
import { adoptTensor, expandInto, makeTensor, numel, sameShape } from "../api/tensor";
import { LossError, type LossValues, type Tensor } from "../api/types";

/** The upstream gradient as the kernels take it. */
export interface GradIn {
  /** Pointer to n upstream values (compute dtype; reduction 'none' with a tensor upstream), else 0. */
  ptr: number;
  /** The scalar upstream (1 when the caller gave none); used where ptr is 0. */
  value: number;
  /** mean reduction: composites divide the upstream by count, fused ATen backwards fold 1/count into a norm. */
  mean: boolean;
  count: number;
}

/** A composite's upstream after torch.mean's backward (grad / numel, in the dtype); the upstream otherwise. */
export function meanGrad(g: GradIn, dtype: FloatDType): number {
  if (!g.mean) return g.value;
  return dtype === "float32" ? Math.fround(g.value / Math.fround(g.count)) : g.value / g.count;
}

/** The norm a fused ATen backward multiplies by: k / numel for mean (computed in double), else k. */
export function fusedNorm(g: GradIn, k = 1): number {
  return g.mean ? k / g.count : k;
}

export interface PointwiseJob {
  /** The tensors the kernel reads, broadcast to outShape, in kernel order; null passes pointer 0 (e.g. no weight). */
  inputs: (Tensor | null)[];
  dtype: FloatDType;
  outShape: number[];
  reduction: Reduction;
  /** Divide the sum by this instead of the element count (KLDiv's batchmean). */
  divisor?: number;
  /** Which of `inputs` get a gradient. */
  grads: boolean[];
  /**
   * Runs the kernel over n elements: input pointers, per-element output pointer, gradient pointers (0 = not
   * wanted), the upstream gradient, and nv: how many leading elements take ATen's vectorized formulas.
   */
  kernel(ptrs: number[], n: number, out: number, grads: number[], g: GradIn, nv: number): void;
  /**
   * The kernel's gradient formulas differ between ATen's vectorized body and its scalar lambda: run it row by
   * row as TensorIterator does (see api/aten-order.ts); otherwise one call with nv = n.
   */
  rowwise?: boolean;
  /** The dtype of value / perElement when PyTorch's output dtype differs from the compute dtype (Huber). */
  resultDtype?: FloatDType;
  /** Number of call inputs, i.e. the length of the result's grads (default: inputs.length). */
  gradCount?: number;
  /**
   * Broadcast inputs are expanded before the loss op (F.mse_loss & co. call torch.broadcast_tensors): their
   * gradient is cast to the input's dtype first, then summed (ExpandBackward) in that dtype.
   */
  expandFirst?: boolean;
  /** Gradients the kernel writes un-negated because autograd negates them after summing to the input's shape. */
  negateAfterSum?: number[];
  /** The forward's checks of the values (throwing PyTorch's error), run on the inputs once they are in wasm memory. */
  check?(ptrs: number[], n: number): void;
}

export function runPointwise(ctx: LossContext, job: PointwiseJob): LossValues {
  const resultDtype = job.resultDtype ?? job.dtype;
  const { arena } = ctx;
  const { dtype, outShape } = job;
  const size = dtype === "float32" ? 4 : 8;
  const n = numel(outShape);
  const ptrs = job.inputs.map((t) => {
    if (!t) return 0;
    if (t.data.length === n && sameShape(t.shape, outShape)) return arena.input(dtype, t.data);
    const ptr = arena.array(dtype, n);
    expandInto(t.data, t.shape, outShape, arena.view(dtype, ptr, n));
    return ptr;
  });
  job.check?.(ptrs, n);
  // Pointer 0: the kernels skip the loss's arithmetic (its logs and exps) and write gradients only.
  const wantValue = ctx.call.value !== false;
  const out = wantValue ? arena.array(dtype, n) : 0;
  const gptrs = job.inputs.map((t, i) => (t && job.grads[i] ? arena.array(dtype, n) : 0));

  const divisor = job.reduction === "mean" ? n : (job.divisor ?? 1);
  const up = upstream(ctx, job.reduction === "none" ? outShape : []);
  const g: GradIn = {
    ptr: up && up.shape.length > 0 ? arena.input(dtype, up.data) : 0,
    value: up && up.shape.length === 0 ? up.data[0] : 1,
    mean: job.reduction === "mean",
    count: n,
  };
  // KLDiv's batchmean: the sum's backward passes the upstream on, then the division by the batch size.
  if (job.divisor !== undefined && job.reduction !== "mean") g.value = job.divisor === 1 ? g.value : roundTo(dtype, g.value / job.divisor);
  const plan = job.rowwise ? innerRow(outShape, job.inputs.filter((t) => t).map((t) => t!.shape)) : null;
  const nv = plan ? vectorPart(plan.len, dtype, vectorized(plan, job.reduction === "none" ? 0 : 1)) : n;
  if (!plan || nv === 0 || plan.len >= n) job.kernel(ptrs, n, out, gptrs, g, plan ? nv : n);
  else {
    const at = (p: number, off: number): number => (p ? p + off * size : 0);
    for (let off = 0; off < n; off += plan.len) {
      job.kernel(ptrs.map((p) => at(p, off)), plan.len, at(out, off), gptrs.map((p) => at(p, off)), { ...g, ptr: at(g.ptr, off) }, nv);
    }
  }

  const asView = ctx.call.outputs === "view";
  const perElement = wantValue ? adoptTensor(resultDtype, outShape, arena.output(dtype, out, n, asView)) : makeTensor(resultDtype, [0], []);
  const value = job.reduction === "none" || !wantValue ? perElement : makeTensor(resultDtype, [], [reduceLoss(ctx, dtype, out, n, divisor)]);

  const grads: (Tensor | null)[] = new Array(job.gradCount ?? job.inputs.length).fill(null);
  job.inputs.forEach((t, i) => {
    if (!t || !job.grads[i]) return;
    const ptr = gptrs[i];
    const gradDtype = t.dtype === "float32" ? "float32" : "float64";
    if (sameShape(t.shape, outShape)) grads[i] = adoptTensor(gradDtype, [...t.shape], arena.output(dtype, ptr, n, asView));
    else grads[i] = summedGrad(ctx, job, ptr, t.shape, gradDtype);
    if (job.negateAfterSum?.includes(i)) grads[i].data = grads[i].data.map((v) => -v);
  });
  return { value, perElement, grads, warnings: ctx.warnings };
}

/** The gradient at ptr (compute dtype, outShape) of an input broadcast from `shape`: sum_to_size in ATen's order. */
function summedGrad(ctx: LossContext, job: PointwiseJob, ptr: number, shape: readonly number[], gradDtype: FloatDType): Tensor {
  const { arena } = ctx;
  const { dtype, outShape } = job;
  const n = numel(outShape);
  let sumDtype: FloatDType = dtype;
  if (job.expandFirst && gradDtype !== dtype) {
    ptr = arena.put(gradDtype, arena.read(dtype, ptr, n));
    sumDtype = gradDtype;
  }
  return adoptTensor(gradDtype, [...shape], sumToSize(arena.view(sumDtype, ptr, n), outShape, shape, sumDtype));
}

function roundTo(dtype: FloatDType, x: number): number {
  return dtype === "float32" ? Math.fround(x) : x;
}

/**
 * sum / divisor of the n per-element losses at `out`, with PyTorch's roundings: the sum in ATen's order and
 * dtype (engine/kernels/reduce.ts), then one division in the dtype (mean, batchmean).
 */
export function reduceLoss(ctx: LossContext, dtype: FloatDType, out: number, n: number, divisor = 1): number {
  const sum = ctx.kernels[dtype].sum(out, n);
  if (divisor === 1) return sum;
  return dtype === "float32" ? Math.fround(sum / Math.fround(divisor)) : sum / divisor;
}

/** The caller's upstream gradient, checked against the output's shape (PyTorch: "Mismatch in shape"). */
function upstream(ctx: LossContext, outShape: number[]): Tensor | null {
  const up = ctx.call.upstream;
  if (!up) return null;
  if (up.shape.length === 0 || sameShape(up.shape, outShape)) return up;
  throw new LossError(
    "RuntimeError",
    `Mismatch in shape: grad_output[0] has a shape of torch.Size([${up.shape.join(", ")}]) and output[0] has a shape of torch.Size([${outShape.join(", ")}]).`,
  );
}
