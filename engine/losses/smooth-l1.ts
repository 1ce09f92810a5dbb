// SmoothL1Loss / F.smooth_l1_loss (beta; beta = 0 is L1 with ATen's gradient -1 at 0).
import type { FloatDType } from "../api/memory";
import { checkedNumber, type LossImpl } from "../api/registry";
import { regressionInputs, runRegression } from "./regression";

export const smoothL1Loss: LossImpl = {
  className: "SmoothL1Loss",
  compute(ctx) {
    const r = regressionInputs(ctx, { kernelName: "smooth_l1_cpu", sameDtypeBackward: false });
    const beta = checkedNumber(ctx, "beta");
    return runRegression(ctx, r, "smooth_l1", r.dtype as FloatDType, beta);
  },
};
