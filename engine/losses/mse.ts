// MSELoss / F.mse_loss: (x - y)^2.
import type { LossImpl } from "../api/registry";
import type { FloatDType } from "../api/memory";
import { regressionInputs, runRegression } from "./regression";

export const mseLoss: LossImpl = {
  className: "MSELoss",
  compute(ctx) {
    const r = regressionInputs(ctx, { kernelName: "mse_cpu", sameDtypeBackward: true });
    return runRegression(ctx, r, "mse", r.dtype as FloatDType);
  },
};
