// The input/target handling shared by L1Loss, MSELoss, SmoothL1Loss and HuberLoss (F.l1_loss & co.):
// warn when the target's size differs, legacy size_average/reduce, torch.broadcast_tensors, promotion.
import type { FloatDType } from "../api/memory";
import type { Reduction } from "../api/options";
import { reductionOf, wantsGrad, type LossContext } from "../api/registry";
import { broadcastShapes, promote, sameShape, scalarTypeName, sizeStr } from "../api/tensor";
import { LossError, type LossValues, type Tensor } from "../api/types";
import { fusedNorm, meanGrad, runPointwise, type PointwiseJob } from "./pointwise";

export interface RegressionInputs {
  x: Tensor;
  y: Tensor;
  /** int64 only when kernelName is null (L1 of two int64 tensors stays int64 for none/sum). */
  dtype: FloatDType | "int64";
  outShape: number[];
  reduction: Reduction;
  grads: boolean[];
}

export interface RegressionRules {
  /** ATen's kernel name in "not implemented for 'Long'" (mse_cpu, smooth_l1_cpu, huber_cpu); null: L1. */
  kernelName: string | null;
  /** ATen's backward rejects an input and target of different dtypes (MSE, Huber; L1 and SmoothL1 do not). */
  sameDtypeBackward: boolean;
}

export function regressionInputs(ctx: LossContext, rules: RegressionRules): RegressionInputs {
  const { kernelName } = rules;
  const [x, y] = inputPair(ctx);
  if (!sameShape(x.shape, y.shape)) {
    ctx.warnings.push(
      `Using a target size (${sizeStr(y.shape)}) that is different to the input size (${sizeStr(x.shape)}). ` +
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    );
  }
  const outShape = broadcastShapes(x.shape, y.shape);
  const reduction = reductionOf(ctx);
  const dt = promote(x.dtype, y.dtype);
  if (dt === "int64" && kernelName) throw new LossError("RuntimeError", `"${kernelName}" not implemented for 'Long'`);
  const grads = [wantsGrad(ctx, 0) && x.dtype !== "int64", wantsGrad(ctx, 1) && y.dtype !== "int64"];
  if (rules.sameDtypeBackward && x.dtype !== y.dtype && (grads[0] || grads[1])) {
    const [found, expected] = grads[0] ? [y, x] : [x, y];
    throw new LossError("RuntimeError", `Found dtype ${scalarTypeName(found.dtype)} but expected ${scalarTypeName(expected.dtype)}`);
  }
  return { x, y, dtype: dt, outShape, reduction, grads };
}

/**
 * The run the four regression losses share: one `base` kernel over (x, y) writing both gradients, with the loss's
 * parameter. L1 is a composite in ATen (the kernel gets the upstream after torch.mean's backward); MSE, SmoothL1
 * and Huber are fused ATen ops whose backward multiplies by norm = k / N (k = 2 for MSE). SmoothL1's and Huber's
 * gradients round differently in ATen's vectorized body and scalar lambda: the kernel runs row by row.
 */
export function runRegression(
  ctx: LossContext,
  r: RegressionInputs,
  base: "l1" | "mse" | "smooth_l1" | "huber",
  dtype: FloatDType,
  param = 0,
  job: Partial<PointwiseJob> = {},
): LossValues {
  const f = ctx.kernels[dtype][base];
  const composite = base === "l1";
  return runPointwise(ctx, {
    inputs: [r.x, r.y],
    dtype,
    outShape: r.outShape,
    reduction: r.reduction,
    grads: r.grads,
    kernel: ([px, py], n, out, [gx, gy], g, nv) =>
      f(px, py, n, out, gx, gy, g.ptr, composite ? meanGrad(g, dtype) : g.value, fusedNorm(g, base === "mse" ? 2 : 1), param, nv),
    rowwise: base === "smooth_l1" || base === "huber",
    expandFirst: true,
    ...job,
  });
}

/** The compute dtype of tensors combined arithmetically; integers alone meet a float option (margin, eps) and
 *  become the default dtype, float32, as in PyTorch. */
export function floatDtype(...ts: Tensor[]): FloatDType {
  const dt = promote(...ts.map((t) => t.dtype));
  return dt === "float64" ? "float64" : "float32";
}

export function inputPair(ctx: LossContext): [Tensor, Tensor] {
  const [x, y] = ctx.call.inputs;
  if (!x || !y) throw new LossError("TypeError", `forward() missing 1 required positional argument: '${x ? "target" : "input"}'`);
  return [x, y];
}
