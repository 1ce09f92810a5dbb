// BCELoss / F.binary_cross_entropy: probabilities in [0, 1], log clamped at -100, optional weight.
import { tensorOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes, sameShape, scalarTypeName, sizeStr } from "../api/tensor";
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
    // 1.13: _infer_size(target, weight); 2.x: torch.broadcast_shapes (its Python reference's message).
    if (weight && ctx.torch.bceWeightShapes === "broadcastShapes") pyBroadcastShapes([y.shape, weight.shape]);
    else if (weight) broadcastShapes(y.shape, weight.shape);
    if (p.dtype === "int64" && y.dtype === "int64") throw new LossError("RuntimeError", `"binary_cross_entropy" not implemented for 'Long'`);
    if (y.dtype !== p.dtype) {
      throw new LossError("RuntimeError", `Found dtype ${scalarTypeName(y.dtype)} but expected ${scalarTypeName(p.dtype)}`);
    }
    const dtype = floatDtype(p);
    const f = ctx.torch.formulas.bce === "log1p" ? ctx.kernels[dtype].bce_v2 : ctx.kernels[dtype].bce;
    return runPointwise(ctx, {
      inputs: [p, y, weight],
      dtype,
      outShape: [...p.shape],
      reduction,
      grads: [wantsGrad(ctx, 0), wantsGrad(ctx, 1), false],
      gradCount: 2,
      // The kernel checks element by element, the input before the target (whose check 2.x added). p and y have
      // one shape and dtype, so the kernel's inputs are their values in order.
      check: ([pp, py], n) => {
        const bad = ctx.kernels[dtype].unit_interval(pp, py, n, ctx.torch.bceTargetRange);
        if (bad === -1) return;
        throw new LossError("RuntimeError", `all elements of ${bad >= 0 ? "input" : "target"} should be between 0 and 1`);
      },
      kernel: ([pp, py, pw], n, out, [gp, gy], g) => f(pp, py, pw, n, out, gp, gy, g.ptr, g.value, g.mean ? g.count : 0),
    });
  },
};

/** torch.broadcast_shapes as PyTorch 2.x runs it (torch._refs._broadcast_shapes), with its error message. */
function pyBroadcastShapes(shapes: number[][]): number[] {
  const common = new Array<number>(Math.max(...shapes.map((s) => s.length))).fill(1);
  shapes.forEach((shape, argIdx) => {
    for (let idx = -1; idx >= -shape.length; idx--) {
      const d = shape[shape.length + idx];
      const c = common.length + idx;
      if (d === common[c]) continue;
      if (common[c] === 1) common[c] = d;
      if (d === 1) continue;
      if (common[c] !== d) {
        throw new LossError(
          "RuntimeError",
          `Attempting to broadcast a dimension of length ${d} at ${idx}! Mismatching argument at index ${argIdx} had ${sizeStr(shape)}; ` +
            `but expected shape should be broadcastable to [${common.join(", ")}]`,
        );
      }
    }
  });
  return common;
}
