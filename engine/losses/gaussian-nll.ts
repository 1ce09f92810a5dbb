// GaussianNLLLoss / F.gaussian_nll_loss: var may be one dim short of input or have a last dim of 1;
// var is clamped to eps without stopping its gradient, as in PyTorch.
import { boolOption, numberOption, pyStr } from "../api/options";
import { wantsGrad, type LossImpl } from "../api/registry";
import { broadcastShapes, numel, sameShape } from "../api/tensor";
import { LossError } from "../api/types";
import { meanGrad, runPointwise } from "./pointwise";
import { floatDtype, kernelFor } from "./regression";

export const gaussianNllLoss: LossImpl = {
  className: "GaussianNLLLoss",
  compute(ctx) {
    const [x, y, v] = ctx.call.inputs;
    if (!x || !y || !v) throw new LossError("TypeError", "forward() missing 1 required positional argument: 'var'");
    let vShape = [...v.shape];
    if (!sameShape(v.shape, x.shape)) {
      const lead = x.shape.slice(0, -1);
      if (x.shape.length > 0 && sameShape(lead, v.shape)) vShape = [...v.shape, 1];
      else if (x.shape.length > 0 && v.shape.length > 0 && sameShape(lead, v.shape.slice(0, -1)) && v.shape[v.shape.length - 1] === 1) {
        // homoscedastic, already broadcastable
      } else throw new LossError("ValueError", "var is of incorrect size");
    }
    const r = ctx.options.reduction;
    if (r !== "none" && r !== "mean" && r !== "sum") throw new LossError("ValueError", `${pyStr(r)} is not valid`, "reduction");
    for (let i = 0, n = numel(v.shape); i < n; i++) {
      if (v.data[i] < 0) throw new LossError("ValueError", "var has negative entry/entries");
    }
    if (v.dtype === "int64") throw new LossError("RuntimeError", "result type Float can't be cast to the desired output type long int");
    const full = boolOption(ctx.options, "full");
    const eps = numberOption(ctx.options, "eps");
    const v2 = { ...v, shape: vShape };
    const outShape = broadcastShapes(broadcastShapes(x.shape, y.shape), vShape);
    const dtype = floatDtype(x, y, v);
    const f = kernelFor(ctx, "gaussian_nll", dtype);
    const cst = full ? 0.5 * Math.log(2 * Math.PI) : 0;
    const res = runPointwise(ctx, {
      inputs: [x, y, v2],
      dtype,
      outShape,
      reduction: r,
      grads: [wantsGrad(ctx, 0), wantsGrad(ctx, 1), wantsGrad(ctx, 2)].map((w, i) => w && ctx.call.inputs[i].dtype !== "int64"),
      kernel: ([px, py, pv], n, out, [gx, gy, gv], g) => f(px, py, pv, n, out, gx, gy, gv, g.ptr, meanGrad(g, dtype), eps, cst),
    });
    const gv = res.grads[2];
    if (gv) gv.shape = [...v.shape];
    return res;
  },
};
