// SmoothL1Loss / F.smooth_l1_loss (beta; beta = 0 is L1: with ATen's gradient -1 at 0 in 1.13, l1_loss's in 2.x).
import type { FloatDType } from "../api/memory";
import { checkedNumber, type LossImpl } from "../api/registry";
import { regressionInputs, runRegression } from "./regression";

export const smoothL1Loss: LossImpl = {
  className: "SmoothL1Loss",
  compute(ctx) {
    const r = regressionInputs(ctx, { kernelName: "smooth_l1_cpu", sameDtypeBackward: false });
    const beta = checkedNumber(ctx, "beta");
    // PyTorch 2.x's F.smooth_l1_loss calls l1_loss for beta == 0 (gradient 0 at x == y, not -1).
    if (beta === 0 && ctx.torch.formulas.smoothL1Beta0 === "l1") return runRegression(ctx, r, "l1", r.dtype as FloatDType);
    return runRegression(ctx, r, "smooth_l1", r.dtype as FloatDType, beta);
  },
};
