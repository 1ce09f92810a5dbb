// HuberLoss / F.huber_loss (delta > 0; no legacy size_average/reduce).
import type { FloatDType } from "../api/memory";
import { checkedNumber, type LossImpl } from "../api/registry";
import { regressionInputs, runRegression } from "./regression";
import { checkWeightedCall, runWeighted, weightOf } from "./weighted";

export const huberLoss: LossImpl = {
  className: "HuberLoss",
  compute(ctx) {
    const weight = weightOf(ctx.options);
    if (weight) checkWeightedCall(ctx, weight);
    const r = regressionInputs(ctx, { kernelName: "huber_cpu", sameDtypeBackward: !weight });
    const delta = checkedNumber(ctx, "delta");
    if (weight) return runWeighted(ctx, r, weight, "huber", r.dtype as FloatDType, delta);
    return runRegression(ctx, r, "huber", r.dtype as FloatDType, delta, {
      // huber_loss writes into a tensor like the input: float32 input + float64 target gives float32.
      resultDtype: r.x.dtype === "float64" ? "float64" : "float32",
    });
  },
};
