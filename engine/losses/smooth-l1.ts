// SmoothL1Loss / F.smooth_l1_loss (beta; beta = 0 is L1 with ATen's gradient -1 at 0).
import type { FloatDType } from "../api/memory";
import { numberOption } from "../api/options";
import type { LossImpl } from "../api/registry";
import { LossError } from "../api/types";
import { runPointwise } from "./pointwise";
import { kernelFor, regressionInputs } from "./regression";

export const smoothL1Loss: LossImpl = {
  className: "SmoothL1Loss",
  compute(ctx) {
    const { x, y, dtype, outShape, reduction, grads } = regressionInputs(ctx, { kernelName: "smooth_l1_cpu", legacy: true, sameDtypeBackward: false });
    const beta = numberOption(ctx.options, "beta");
    if (beta < 0) throw new LossError("RuntimeError", "smooth_l1_loss does not support negative values for beta.", "beta");
    const f = kernelFor(ctx, "smooth_l1", dtype as FloatDType);
    return runPointwise(ctx, {
      inputs: [x, y],
      dtype: dtype as FloatDType,
      outShape,
      reduction,
      grads,
      kernel: ([px, py], n, out, [gx], gscale) => f(px, py, n, out, gx, gscale, beta),
      negated: [[1, 0]],
      // ATen's backward for the target uses d = y - x: with beta = 0 it gives -1 at d = 0 for both inputs.
      ...(beta === 0 ? { jsGrads: { 1: (v, j) => { const d = v[1]![j] - v[0]![j]; return d <= 0 ? -1 : d > 0 ? 1 : NaN; } } } : {}),
    });
  },
};
