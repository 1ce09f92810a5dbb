// L1Loss / F.l1_loss: |x - y|. Two int64 tensors stay int64 under none/sum; mean rejects them as torch.mean does.
import type { LossImpl } from "../api/registry";
import { LossError } from "../api/types";
import { regressionInputs, runRegression } from "./regression";
import { checkWeightedCall, runWeighted, weightOf } from "./weighted";

export const l1Loss: LossImpl = {
  className: "L1Loss",
  compute(ctx) {
    const weight = weightOf(ctx.options);
    if (weight) checkWeightedCall(ctx, weight);
    const inputs = regressionInputs(ctx, { kernelName: null, sameDtypeBackward: false });
    const { dtype, reduction } = inputs;
    if (weight) return runWeighted(ctx, inputs, weight, "l1", dtype === "float64" ? "float64" : "float32");
    if (dtype === "int64" && reduction === "mean") {
      throw new LossError(
        "RuntimeError",
        "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
      );
    }
    const r = runRegression(ctx, inputs, "l1", dtype === "float32" ? "float32" : "float64");
    if (dtype === "int64") {
      // Integer |x - y| is exact in float64; report it with PyTorch's dtype.
      r.value.dtype = "int64";
      r.perElement.dtype = "int64";
    }
    return r;
  },
};
