// BCEWithLogitsLoss / F.binary_cross_entropy_with_logits: stable softplus form, weight and pos_weight broadcast.
import { tensorOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes, sameShape, sizeStr } from "../api/tensor";
import { LossError } from "../api/types";
import { vectorPart } from "../api/aten-order";
import { runPointwise } from "./pointwise";
import { floatDtype, inputPair } from "./regression";

export const bceWithLogitsLoss: LossImpl = {
  className: "BCEWithLogitsLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const reduction = reductionOf(ctx);
    if (!sameShape(x.shape, y.shape)) {
      throw new LossError("ValueError", `Target size (${sizeStr(y.shape)}) must be the same as input size (${sizeStr(x.shape)})`);
    }
    const weight = tensorOption(ctx.options, "weight");
    const posWeight = tensorOption(ctx.options, "pos_weight");
    // ATen: log_weight = (pos_weight - 1) * target + 1, then loss * weight.
    let outShape = [...x.shape];
    if (posWeight) outShape = broadcastShapes(outShape, broadcastShapes(posWeight.shape, y.shape));
    if (weight) {
      // loss.mul_(weight) is in place: the weight may not grow the loss's shape.
      const b = broadcastShapes(outShape, weight.shape);
      if (!sameShape(b, outShape)) {
        throw new LossError("RuntimeError", `output with shape [${outShape.join(", ")}] doesn't match the broadcast shape [${b.join(", ")}]`);
      }
    }
    const extras = [weight, posWeight].filter((t) => t !== null);
    const dtype = floatDtype(x, y, ...extras);
    if (y.dtype === "int64" || x.dtype === "int64") {
      // 2.x takes log_sigmoid of the input first: its kernel refuses an integer input.
      if (x.dtype === "int64" && ctx.torch.formulas.bceLogits === "logSigmoid") throw new LossError("RuntimeError", `"log_sigmoid_cpu" not implemented for 'Long'`);
      throw new LossError("RuntimeError", "result type Float can't be cast to the desired output type Long");
    }
    const f = ctx.torch.formulas.bceLogits === "logSigmoid" ? ctx.kernels[dtype].bce_logits_v2 : ctx.kernels[dtype].bce_logits;
    return runPointwise(ctx, {
      inputs: [x, y, weight, posWeight],
      dtype,
      // ATen builds the loss in place on (1 - target): the result has the target's dtype.
      resultDtype: y.dtype === "float32" ? "float32" : "float64",
      outShape,
      reduction,
      grads: [wantsGrad(ctx, 0), wantsGrad(ctx, 1), false, false],
      gradCount: 2,
      // sigmoid(input) is its own cpu_kernel_vec over the input: Sleef in the vectorized part, glibc after.
      kernel: ([px, py, pw, ppw], n, out, [gx, gy], g) =>
        f(px, py, pw, ppw, n, out, gx, gy, g.ptr, g.value, g.mean ? g.count : 0, vectorPart(n, dtype, true)),
      // d/dy = -x + (pos_weight - 1) softplus(-x) (times the weight).
    });
  },
};
