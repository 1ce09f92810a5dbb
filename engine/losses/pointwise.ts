// The shared driver of element-wise losses: broadcast the inputs, copy them into wasm memory in the compute
// dtype, run one fused kernel (per-element loss, its sum, and scaled gradients), then reduce, apply the
// upstream gradient and sum gradients back to each input's shape.
import type { FloatDType } from "../api/memory";
import type { Reduction } from "../api/options";
import type { LossContext } from "../api/registry";
import { adoptTensor, expandInto, makeTensor, numel, sameShape, sumToShape } from "../api/tensor";
import { LossError, type LossResult, type Tensor } from "../api/types";
import { kernel } from "../api/wasm";

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
   * Runs the kernel: input pointers, element count, per-element output pointer, gradient pointers (0 = not
   * wanted) and the factor every gradient is scaled by. Returns the sum of the per-element losses.
   */
  kernel(ptrs: number[], n: number, out: number, grads: number[], gscale: number): number;
  /** Gradients that are the negation of another's: [to, from] (e.g. MSE's target). */
  negated?: [number, number][];
  /**
   * Gradients computed here rather than in the kernel (rarely wanted ones, e.g. w.r.t. a target): per element j,
   * from the broadcast kernel inputs v (compute dtype, null for absent ones); scaled like kernel gradients.
   */
  jsGrads?: Record<number, (v: (ArrayLike<number> | null)[], j: number) => number>;
  /** The dtype of value / perElement when PyTorch's output dtype differs from the compute dtype (Huber). */
  resultDtype?: FloatDType;
  /** Number of call inputs, i.e. the length of the result's grads (default: inputs.length). */
  gradCount?: number;
}

export function runPointwise(ctx: LossContext, job: PointwiseJob): LossResult {
  const resultDtype = job.resultDtype ?? job.dtype;
  const { arena } = ctx;
  const { dtype, outShape } = job;
  const n = numel(outShape);
  const ptrs = job.inputs.map((t) => {
    if (!t) return 0;
    const ptr = arena.array(dtype, n);
    if (t.data.length === n && sameShape(t.shape, outShape)) arena.write(dtype, ptr, t.data);
    else expandInto(t.data, t.shape, outShape, arena.view(dtype, ptr, n));
    return ptr;
  });
  const out = arena.array(dtype, n);
  const derived = new Set((job.negated ?? []).filter(([to]) => job.grads[to]).map(([to]) => to));
  const kernelGrads = job.inputs.map((_, i) => job.grads[i] || (job.negated ?? []).some(([to, from]) => from === i && job.grads[to]));
  const js = job.jsGrads ?? {};
  const gptrs = kernelGrads.map((want, i) => (want && !derived.has(i) && !js[i] ? arena.array(dtype, n) : 0));

  const divisor = job.reduction === "mean" ? n : (job.divisor ?? 1);
  const up = upstream(ctx, job.reduction === "none" ? outShape : []);
  const gscale = (job.reduction === "none" ? 1 : 1 / divisor) * (up && up.shape.length === 0 ? up.data[0] : 1);
  job.kernel(ptrs, n, out, gptrs, gscale);

  const perElement = adoptTensor(resultDtype, outShape, arena.read(dtype, out, n));
  const value = job.reduction === "none" ? perElement : makeTensor(resultDtype, [], [reduceLoss(ctx, dtype, out, n, divisor)]);

  const grads: (Tensor | null)[] = new Array(job.gradCount ?? job.inputs.length).fill(null);
  job.inputs.forEach((t, i) => {
    if (!t || !job.grads[i]) return;
    let g: Float32Array | Float64Array;
    const neg = (job.negated ?? []).find(([to]) => to === i);
    const jsGrad = js[i];
    if (jsGrad) {
      const v = ptrs.map((p) => (p ? arena.view(dtype, p, n) : null));
      g = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
      for (let j = 0; j < n; j++) g[j] = jsGrad(v, j) * gscale;
    } else if (neg) {
      // Negated in wasm (SIMD) into fresh arena space, then one copy out.
      const dst = arena.array(dtype, n);
      kernel(ctx.kernels, dtype === "float32" ? "neg_f32" : "neg_f64")(gptrs[neg[1]], dst, n);
      g = arena.read(dtype, dst, n);
    } else {
      g = arena.read(dtype, gptrs[i], n);
    }
    if (up && up.shape.length > 0) {
      const u = new Float64Array(n);
      expandInto(up.data, up.shape, outShape, u);
      for (let j = 0; j < n; j++) g[j] *= u[j];
    }
    const gradDtype = t.dtype === "float32" ? "float32" : "float64";
    grads[i] = sameShape(t.shape, outShape) ? adoptTensor(gradDtype, [...t.shape], g) : makeTensor(gradDtype, [...t.shape], sumToShape(g, outShape, t.shape));
  });
  return { value, perElement, grads, warnings: ctx.warnings };
}

/**
 * sum / divisor of the n per-element losses at `out`, with PyTorch's roundings: the sum in ATen's order and
 * dtype (engine/kernels/reduce.ts), then one division in the dtype (mean, batchmean).
 */
export function reduceLoss(ctx: LossContext, dtype: FloatDType, out: number, n: number, divisor = 1): number {
  const sum = kernel(ctx.kernels, dtype === "float32" ? "sum_f32" : "sum_f64")(out, n);
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
