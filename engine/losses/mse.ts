// MSELoss / F.mse_loss: (x - y)^2.
import type { LossImpl } from "../api/registry";
import type { FloatDType } from "../api/memory";
import { regressionInputs, runRegression } from "./regression";
import { checkWeightedCall, runWeighted, weightOf } from "./weighted";

export const mseLoss: LossImpl = {
  className: "MSELoss",
  compute(ctx) {
    const weight = weightOf(ctx.options);
    if (weight) checkWeightedCall(ctx, weight);
    const r = regressionInputs(ctx, { kernelName: "mse_cpu", sameDtypeBackward: !ctx.torch.mseMixedDtypes && !weight });
    if (weight) return runWeighted(ctx, r, weight, "mse", r.dtype as FloatDType);
    return runRegression(ctx, r, "mse", r.dtype as FloatDType);
  },
};
