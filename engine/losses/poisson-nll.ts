// PoissonNLLLoss / F.poisson_nll_loss: log_input, full (Stirling's term where target > 1), eps.
import { boolOption, numberOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes } from "../api/tensor";
import { meanGrad, runPointwise } from "./pointwise";
import { floatDtype, inputPair } from "./regression";

export const poissonNllLoss: LossImpl = {
  className: "PoissonNLLLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const reduction = reductionOf(ctx);
    const logInput = boolOption(ctx.options, "log_input");
    const full = boolOption(ctx.options, "full");
    const eps = numberOption(ctx.options, "eps");
    const outShape = broadcastShapes(y.shape, x.shape); // target * input: "tensor a" is the target
    const dtype = floatDtype(x, y);
    const f = ctx.kernels[dtype].poisson_nll;
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
