// KLDivLoss / F.kl_div: input is log-probabilities; target probabilities (or log, log_target=True);
// reduction 'batchmean' divides the sum by the batch size; 'mean' warns as PyTorch 1.13 does.
import { boolOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes } from "../api/tensor";
import { LossError } from "../api/types";
import { meanGrad, runPointwise } from "./pointwise";
import { floatDtype, inputPair } from "./regression";

export const klDivLoss: LossImpl = {
  className: "KLDivLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const { options } = ctx;
    const reduction = reductionOf(ctx); // 'batchmean' runs 'sum' (resolved.batchmean)
    const batchmean = ctx.resolved.batchmean;
    if (x.dtype === "int64" || y.dtype === "int64") throw new LossError("RuntimeError", "kl_div: Integral inputs not supported.");
    const logTarget = boolOption(options, "log_target");
    const outShape = broadcastShapes(y.shape, x.shape); // target * input: "tensor a" is the target
    const dtype = floatDtype(x, y);
    const f = ctx.kernels[dtype].kl_div;
    return runPointwise(ctx, {
      inputs: [x, y],
      dtype,
      outShape,
      reduction,
      ...(batchmean && x.shape.length > 0 ? { divisor: x.shape[0] } : {}),
      grads: [wantsGrad(ctx, 0), wantsGrad(ctx, 1)],
      kernel: ([px, py], n, out, [gx, gy], g) => f(px, py, n, out, gx, gy, g.ptr, meanGrad(g, dtype), logTarget ? 1 : 0),
    });
  },
};
