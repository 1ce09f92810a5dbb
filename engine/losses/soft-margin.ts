// SoftMarginLoss / F.soft_margin_loss: log(1 + exp(-y x)); not differentiable w.r.t. the target in PyTorch.
import { explicitGrad, reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes } from "../api/tensor";
import { LossError } from "../api/types";
import { fusedNorm, runPointwise } from "./pointwise";
import { floatDtype, inputPair } from "./regression";

export const softMarginLoss: LossImpl = {
  className: "SoftMarginLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const reduction = reductionOf(ctx);
    if (explicitGrad(ctx, 1)) {
      throw new LossError(
        "RuntimeError",
        "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.",
        1,
      );
    }
    const outShape = broadcastShapes(x.shape, y.shape);
    if (x.dtype === "int64") throw new LossError("RuntimeError", "result type Float can't be cast to the desired output type Long");
    const dtype = floatDtype(x, y);
    const f = ctx.torch.formulas.softMargin === "log1pExp" ? ctx.kernels[dtype].soft_margin_v2 : ctx.kernels[dtype].soft_margin;
    return runPointwise(ctx, {
      inputs: [x, y],
      dtype,
      outShape,
      reduction,
      grads: [wantsGrad(ctx, 0), false],
      kernel: ([px, py], n, out, [gx], g) => f(px, py, n, out, gx, g.ptr, g.value, fusedNorm(g)),
    });
  },
};
