// MSELoss / F.mse_loss: (x - y)^2.
import type { LossImpl } from "../api/registry";
import { kernel } from "../api/wasm";
import { runPointwise } from "./pointwise";
import { regressionInputs } from "./regression";

export const mseLoss: LossImpl = {
  className: "MSELoss",
  compute(ctx) {
    const { x, y, dtype, outShape, reduction, grads } = regressionInputs(ctx, { kernelName: "mse_cpu", legacy: true, sameDtypeBackward: true });
    const f = kernel(ctx.kernels, dtype === "float32" ? "mse_f32" : "mse_f64");
    return runPointwise(ctx, {
      inputs: [x, y],
      dtype,
      outShape,
      reduction,
      grads,
      kernel: ([px, py], n, out, [gx], gscale) => f(px, py, n, out, gx, gscale),
      negated: [[1, 0]],
    });
  },
};
