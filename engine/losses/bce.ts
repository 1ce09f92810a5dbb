// BCELoss / F.binary_cross_entropy: probabilities in [0, 1], log clamped at -100, optional weight.
import { tensorOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes, numel, sameShape, scalarTypeName, sizeStr } from "../api/tensor";
import { LossError } from "../api/types";
import { runPointwise } from "./pointwise";
import { floatDtype, inputPair } from "./regression";

export const bceLoss: LossImpl = {
  className: "BCELoss",
  compute(ctx) {
    const [p, y] = inputPair(ctx);
    const reduction = reductionOf(ctx);
    if (!sameShape(p.shape, y.shape)) {
      throw new LossError(
        "ValueError",
        `Using a target size (${sizeStr(y.shape)}) that is different to the input size (${sizeStr(p.shape)}) is deprecated. ` +
          "Please ensure they have the same size.",
      );
    }
    const weight = tensorOption(ctx.options, "weight");
    if (weight) broadcastShapes(y.shape, weight.shape); // _infer_size(target, weight): its error if they clash
    if (p.dtype === "int64" && y.dtype === "int64") throw new LossError("RuntimeError", `"binary_cross_entropy" not implemented for 'Long'`);
    if (y.dtype !== p.dtype) {
      throw new LossError("RuntimeError", `Found dtype ${scalarTypeName(y.dtype)} but expected ${scalarTypeName(p.dtype)}`);
    }
    const dtype = floatDtype(p);
    for (let i = 0, n = numel(p.shape); i < n; i++) {
      const v = p.data[i];
      if (!(v >= 0 && v <= 1)) throw new LossError("RuntimeError", "all elements of input should be between 0 and 1");
    }
    const f = ctx.kernels[dtype].bce;
    return runPointwise(ctx, {
      inputs: [p, y, weight],
      dtype,
      outShape: [...p.shape],
      reduction,
      grads: [wantsGrad(ctx, 0), wantsGrad(ctx, 1), false],
      gradCount: 2,
      kernel: ([pp, py, pw], n, out, [gp, gy], g) => f(pp, py, pw, n, out, gp, gy, g.ptr, g.value, g.mean ? g.count : 0),
    });
  },
};
