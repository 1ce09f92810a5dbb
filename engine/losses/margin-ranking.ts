// MarginRankingLoss / F.margin_ranking_loss: max(0, -y (x1 - x2) + margin).
import { numberOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes, sizeStr } from "../api/tensor";
import { LossError } from "../api/types";
import { meanGrad, runPointwise } from "./pointwise";
import { floatDtype } from "./regression";

export const marginRankingLoss: LossImpl = {
  className: "MarginRankingLoss",
  compute(ctx) {
    const [a, b, y] = ctx.call.inputs;
    if (!a || !b || !y) throw new LossError("TypeError", "forward() missing 1 required positional argument: 'target'");
    const reduction = reductionOf(ctx);
    if (a.shape.length !== b.shape.length || a.shape.length !== y.shape.length) {
      throw new LossError(
        "RuntimeError",
        "margin_ranking_loss : All input tensors should have same dimension but got sizes: " +
          `input1: ${sizeStr(a.shape)}, input2: ${sizeStr(b.shape)}, target: ${sizeStr(y.shape)} `,
      );
    }
    const margin = numberOption(ctx.options, "margin");
    const outShape = broadcastShapes(y.shape, broadcastShapes(a.shape, b.shape));
    const dtype = floatDtype(a, b, y);
    const f = ctx.kernels[dtype].margin_ranking;
    return runPointwise(ctx, {
      inputs: [a, b, y],
      dtype,
      outShape,
      reduction,
      grads: [0, 1, 2].map((i) => wantsGrad(ctx, i) && ctx.call.inputs[i].dtype !== "int64"),
      negateAfterSum: [2],
      kernel: ([pa, pb, py], n, out, [ga, gb, gy], g) => f(pa, pb, py, n, out, ga, gb, gy, g.ptr, meanGrad(g, dtype), margin),
    });
  },
};
