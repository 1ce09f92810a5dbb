// MSELoss / F.mse_loss: (x - y)^2.
import type { LossImpl } from "../api/registry";
import type { FloatDType } from "../api/memory";
import { runPointwise } from "./pointwise";
import { kernelFor, regressionInputs } from "./regression";

export const mseLoss: LossImpl = {
  className: "MSELoss",
  compute(ctx) {
    const { x, y, dtype, outShape, reduction, grads } = regressionInputs(ctx, { kernelName: "mse_cpu", legacy: true, sameDtypeBackward: true });
    const f = kernelFor(ctx, "mse", dtype as FloatDType);
    return runPointwise(ctx, {
      inputs: [x, y],
      dtype: dtype as FloatDType,
      outShape,
      reduction,
      grads,
      kernel: ([px, py], n, out, [gx], gscale) => f(px, py, n, out, gx, gscale),
      negated: [[1, 0]],
    });
  },
};
