// GaussianNLLLoss / F.gaussian_nll_loss: var may be one dim short of input or have a last dim of 1;
// var is clamped to eps without stopping its gradient, as in PyTorch.
import { boolOption, numberOption } from "../api/options";
import { reductionOf, wantsGrad, type LossImpl } from "../api/registry";
import { sumToSize } from "../api/aten-order";
import type { FloatDType } from "../api/memory";
import type { LossContext } from "../api/registry";
import { broadcastShapes, expandInto, makeTensor, numel, sameShape, withShape } from "../api/tensor";
import { LossError, type Tensor } from "../api/types";
import { meanGrad, runPointwise, type GradIn } from "./pointwise";
import { floatDtype } from "./regression";

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
    const r = reductionOf(ctx);
    // In wasm, on var's values in their own dtype (in place when pinned): a JavaScript loop over the caller's
    // array cost more than the loss. int64 values are whole numbers, exact in float64.
    const vdt = v.dtype === "float32" ? "float32" : "float64";
    if (ctx.kernels[vdt].first_negative(ctx.arena.input(vdt, v.data), numel(v.shape)) >= 0) {
      throw new LossError("ValueError", "var has negative entry/entries");
    }
    if (v.dtype === "int64") throw new LossError("RuntimeError", "result type Float can't be cast to the desired output type long int");
    const full = boolOption(ctx.options, "full");
    const eps = numberOption(ctx.options, "eps");
    const v2 = withShape(v, vShape);
    const outShape = broadcastShapes(broadcastShapes(x.shape, y.shape), vShape);
    const dtype = floatDtype(x, y, v);
    const f = ctx.kernels[dtype].gaussian_nll;
    const cst = full ? 0.5 * Math.log(2 * Math.PI) : 0;
    const grads = [wantsGrad(ctx, 0), wantsGrad(ctx, 1), wantsGrad(ctx, 2)].map((w, i) => w && ctx.call.inputs[i].dtype !== "int64");
    // A broadcast var gets two gradients that autograd sums to its shape separately (see varGradBroadcast).
    const split = grads[2] && !sameShape(vShape, outShape);
    let up: GradIn | null = null;
    const res = runPointwise(ctx, {
      inputs: [x, y, v2],
      dtype,
      outShape,
      reduction: r,
      grads: split ? [grads[0], grads[1], false] : grads,
      kernel: ([px, py, pv], n, out, [gx, gy, gv], g) => {
        up = g;
        f(px, py, pv, n, out, gx, gy, gv, g.ptr, meanGrad(g, dtype), eps, cst);
      },
    });
    if (split) res.grads[2] = makeTensor(v.dtype === "float32" ? "float32" : "float64", [...v.shape], varGradBroadcast(ctx, [x, y, v2], outShape, dtype, eps, up!));
    const gv = res.grads[2];
    if (gv) gv.shape = [...v.shape];
    return res;
  },
};

/**
 * d loss / d var for a var broadcast to the output (one fewer dimension, or a last dimension of 1): autograd sums
 * the division's gradient, (-h) (q / v) with h = g 0.5 and q = (x - y)^2 / v, to var's shape, and log's, the sum
 * of h divided by v; then adds the two. Plain arithmetic, emulated in the dtype.
 */
function varGradBroadcast(ctx: LossContext, [x, y, v]: Tensor[], outShape: number[], dtype: FloatDType, eps: number, g: GradIn): Float32Array | Float64Array {
  const rd = dtype === "float32" ? Math.fround : (a: number): number => a;
  const n = numel(outShape);
  const full = (t: Tensor): Float64Array => {
    const a = new Float64Array(n);
    expandInto(t.data, t.shape, outShape, a);
    return a;
  };
  const [xs, ys, vs] = [x, y, v].map(full);
  const u = g.ptr ? ctx.arena.read(dtype, g.ptr, n) : null;
  const gs = meanGrad(g, dtype);
  const e = rd(eps);
  const clamp = (a: number): number => (rd(a) < e ? e : rd(a));
  const h = new Float64Array(n);
  const div = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const d = rd(rd(xs[j]) - rd(ys[j]));
    const vv = clamp(vs[j]);
    const q = rd(rd(d * d) / vv);
    h[j] = rd((u ? u[j] : gs) * 0.5);
    div[j] = rd(-h[j] * rd(q / vv));
  }
  const a = sumToSize(div, outShape, v.shape, dtype);
  const b = sumToSize(h, outShape, v.shape, dtype);
  const vd = v.data;
  for (let k = 0; k < a.length; k++) a[k] = rd(a[k] + rd(b[k] / clamp(vd[k])));
  return a;
}
