// PyTorch 2.x's weight= on F.mse_loss / F.l1_loss / F.huber_loss (functional forms only): a Python composite
// around the unweighted loss: loss(x, y, 'none') * weight, then torch.sum, sum / weight.sum() (MSE, L1 'mean') or
// .mean() (Huber 'mean'). Autograd's gradient reaches the unweighted op as upstream · weight, so the kernel runs
// with that upstream (its per-element formulas are the composite's: (2 d) g, sgn(d) g, huber_backward).
import type { FloatDType } from "../api/memory";
import { pyStr, type Options } from "../api/options";
import type { LossContext } from "../api/registry";
import { innerSum } from "../api/atensum";
import { expandInto, makeTensor, numel, sameShape } from "../api/tensor";
import { LossError, type LossValues, type Tensor } from "../api/types";
import { runRegression, type RegressionInputs } from "./regression";

/** The weight= tensor, when the call has one (PyTorch 2.x; the option does not exist before). */
export function weightOf(options: Options): Tensor | null {
  const w = options.weight;
  return w && typeof w === "object" && "data" in w ? w : null;
}

/** "Invalid reduction mode" of the weighted branch, which checks the name itself (after the legacy arguments). */
export function checkWeightedReduction(r: unknown): void {
  if (r !== "none" && r !== "mean" && r !== "sum") {
    throw new LossError("ValueError", `Invalid reduction mode: ${pyStr(r as string)}. Expected one of 'none', 'mean', 'sum'.`, "reduction");
  }
}

export function runWeighted(ctx: LossContext, r: RegressionInputs, weight: Tensor, base: "mse" | "l1" | "huber", dtype: FloatDType, param = 0): LossValues {
  if (!sameShape(weight.shape, r.x.shape)) throw new LossError("ValueError", "Weights and input must have the same size.", "weight");
  const round = dtype === "float32" ? Math.fround : (v: number) => v;
  const n = numel(r.outShape);
  const w = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  expandInto(weight.data, weight.shape, r.outShape, w);
  // The upstream reaching the weighted product, per element.
  const up = ctx.call.upstream;
  const e = new Float64Array(n);
  if (r.reduction === "none") {
    if (up && up.shape.length > 0) e.set(up.data);
    else e.fill(up ? up.data[0] : 1);
  } else {
    const g = up ? up.data[0] : 1;
    // sum: SumBackward expands g; 'mean': DivBackward g / weight.sum() (MSE, L1) or MeanBackward g / N (Huber).
    const div = r.reduction === "sum" ? 1 : base === "huber" ? round(n) : innerSum(n, (i) => w[i], dtype);
    e.fill(round(g / div));
  }
  const gu = makeTensor(dtype, r.outShape, Array.from(e, (v, i) => round(v * w[i])));
  const sub = runRegression({ ...ctx, call: { ...ctx.call, upstream: gu } }, { ...r, reduction: "none" }, base, dtype, param);
  // MSE: autograd's SubBackward negates the input's gradient for the target (-0 where the fused kernel gives +0).
  if (base === "mse" && sub.grads[1] && sameShape(r.x.shape, r.y.shape)) {
    const gx = sub.grads[0] ?? runRegression({ ...ctx, call: { ...ctx.call, upstream: gu, requiresGrad: [true, false] } }, { ...r, reduction: "none", grads: [true, false] }, base, dtype, param).grads[0];
    if (gx) sub.grads[1] = makeTensor(sub.grads[1].dtype, sub.grads[1].shape, Array.from(gx.data, (v) => -v));
  }
  const weighted = makeTensor(dtype, r.outShape, Array.from(sub.perElement.data, (v, i) => round(v * w[i])));
  let value: Tensor = weighted;
  if (r.reduction !== "none") {
    const s = innerSum(n, (i) => weighted.data[i], dtype);
    const v = r.reduction === "sum" ? s : base === "huber" ? round(s / round(n)) : round(s / innerSum(n, (i) => w[i], dtype));
    value = makeTensor(dtype, [], [v]);
  }
  return { value, perElement: weighted, grads: sub.grads, warnings: ctx.warnings };
}

/**
 * The weighted branch's checks that come before any computing, in functional.py's order: with an invalid
 * reduction name (and no legacy arguments), the weight's size is checked, then the name.
 */
export function checkWeightedCall(ctx: LossContext, weight: Tensor): void {
  const legacy = (ctx.options.size_average ?? null) !== null || (ctx.options.reduce ?? null) !== null;
  const r = ctx.options.reduction;
  if (legacy || r === "none" || r === "mean" || r === "sum") return;
  if (!sameShape(weight.shape, ctx.call.inputs[0].shape)) throw new LossError("ValueError", "Weights and input must have the same size.", "weight");
  checkWeightedReduction(r);
}
