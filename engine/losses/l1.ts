// L1Loss / F.l1_loss: |x - y|. Two int64 tensors stay int64 under none/sum; mean rejects them as torch.mean does.
import type { LossImpl } from "../api/registry";
import { LossError } from "../api/types";
import { runPointwise } from "./pointwise";
import { kernelFor, regressionInputs } from "./regression";

export const l1Loss: LossImpl = {
  className: "L1Loss",
  compute(ctx) {
    const { x, y, dtype, outShape, reduction, grads } = regressionInputs(ctx, { kernelName: null, legacy: true, sameDtypeBackward: false });
    if (dtype === "int64" && reduction === "mean") {
      throw new LossError(
        "RuntimeError",
        "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
      );
    }
    const kdt = dtype === "float32" ? "float32" : "float64";
    const f = kernelFor(ctx, "l1", kdt);
    const r = runPointwise(ctx, {
      inputs: [x, y],
      dtype: kdt,
      outShape,
      reduction,
      grads,
      kernel: ([px, py], n, out, [gx], gscale) => f(px, py, n, out, gx, gscale),
      negated: [[1, 0]],
    });
    if (dtype === "int64") {
      // Integer |x - y| is exact in float64; report it with PyTorch's dtype.
      r.value.dtype = "int64";
      r.perElement.dtype = "int64";
    }
    return r;
  },
};
