// KLDivLoss / F.kl_div: input is log-probabilities; target probabilities (or log, log_target=True);
// reduction 'batchmean' divides the sum by the batch size; 'mean' warns as PyTorch 1.13 does.
import { warnings as torchWarnings } from "../catalog";
import { boolOption, getReduction, legacyReduction, type Reduction } from "../api/options";
import { wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes } from "../api/tensor";
import { LossError } from "../api/types";
import { meanGrad, runPointwise } from "./pointwise";
import { floatDtype, inputPair, kernelFor } from "./regression";

export const klDivLoss: LossImpl = {
  className: "KLDivLoss",
  compute(ctx) {
    const [x, y] = inputPair(ctx);
    const { options } = ctx;
    let reduction: Reduction;
    let batchmean = false;
    if ((options.size_average ?? null) !== null || (options.reduce ?? null) !== null) {
      reduction = getReduction(legacyReduction(options, ctx.warnings), ctx.warnings);
    } else {
      if (options.reduction === "mean") ctx.warnings.push(torchWarnings.klDivMean);
      batchmean = options.reduction === "batchmean";
      reduction = batchmean ? "sum" : getReduction(options.reduction, ctx.warnings);
    }
    if (x.dtype === "int64" || y.dtype === "int64") throw new LossError("RuntimeError", "kl_div: Integral inputs not supported.");
    const logTarget = boolOption(options, "log_target");
    const outShape = broadcastShapes(y.shape, x.shape); // target * input: "tensor a" is the target
    const dtype = floatDtype(x, y);
    const f = kernelFor(ctx, "kl_div", dtype);
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
