// HingeEmbeddingLoss / F.hinge_embedding_loss: x where y == 1, max(0, margin - x) where y == -1 (any other
// target value gets both terms, as ATen's where() formulation does). The target only selects: no gradient.
import { numberOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes } from "../api/tensor";
import { LossError } from "../api/types";
import { meanGrad, runPointwise } from "./pointwise";
import { inputPair } from "./regression";

export const hingeEmbeddingLoss: LossImpl = {
  className: "HingeEmbeddingLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const reduction = reductionOf(ctx);
    const margin = numberOption(ctx.options, "margin");
    const outShape = broadcastShapes(y.shape, x.shape);
    // The result has the input's dtype: the target is only compared with ±1. An int64 input stays int64
    // (computed exactly in float64), and its mean is refused as torch.mean refuses it.
    if (x.dtype === "int64" && reduction === "mean") {
      throw new LossError(
        "RuntimeError",
        "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long",
      );
    }
    const dtype = x.dtype === "float32" ? "float32" : "float64";
    const f = ctx.kernels[dtype].hinge_embedding;
    const r = runPointwise(ctx, {
      inputs: [x, y],
      dtype,
      outShape,
      reduction,
      grads: [wantsGrad(ctx, 0) && x.dtype !== "int64", false],
      kernel: ([px, py], n, out, [gx], g) => f(px, py, n, out, gx, g.ptr, meanGrad(g, dtype), margin),
    });
    if (x.dtype === "int64") {
      r.value.dtype = "int64";
      r.perElement.dtype = "int64";
    }
    return r;
  },
};
