// PoissonNLLLoss / F.poisson_nll_loss: log_input, full (Stirling's term where target > 1), eps.
import { boolOption, getReduction, legacyReduction, numberOption, pyStr } from "../api/options";
import { wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes } from "../api/tensor";
import { LossError } from "../api/types";
import { meanGrad, runPointwise } from "./pointwise";
import { floatDtype, inputPair, kernelFor } from "./regression";

export const poissonNllLoss: LossImpl = {
  className: "PoissonNLLLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const r = legacyReduction(ctx.options, ctx.warnings);
    if (r !== "none" && r !== "mean" && r !== "sum") throw new LossError("ValueError", ctx.torch.poissonBadReduction(pyStr(r)), "reduction");
    const reduction = getReduction(r, ctx.warnings);
    const logInput = boolOption(ctx.options, "log_input");
    const full = boolOption(ctx.options, "full");
    const eps = numberOption(ctx.options, "eps");
    const outShape = broadcastShapes(y.shape, x.shape); // target * input: "tensor a" is the target
    const dtype = floatDtype(x, y);
    const f = kernelFor(ctx, "poisson_nll", dtype);
    return runPointwise(ctx, {
      inputs: [x, y],
      dtype,
      outShape,
      reduction,
      grads: [wantsGrad(ctx, 0) && x.dtype !== "int64", wantsGrad(ctx, 1) && y.dtype !== "int64"],
      kernel: ([px, py], n, out, [gx, gy], g) => f(px, py, n, out, gx, gy, g.ptr, meanGrad(g, dtype), logInput ? 1 : 0, full ? 1 : 0, eps),
    });
  },
};
