// scatter_reduce(dim, index, src, reduce, include_self=True): sum / prod / mean / amax / amin of src's elements
// into a copy of self, each added in index order; ScatterReduceBackward0 as ATen's scatter_reduce_backward
// (prod's backward refused: its zero handling is not reproduced).
import { PyError, Unsupported } from "../errors";
import { versionedError } from "../version";
import { isGradEnabled, track } from "./autograd";
import { dtypeName, normDim, PTensor, storage } from "./core";
import { scatterOffsets, scatterSrcDims } from "./select";

export type ScatterReduce = "sum" | "prod" | "mean" | "amax" | "amin";

export function scatterReduce(t: PTensor, dim: number, index: PTensor, src: PTensor, reduce: ScatterReduce, includeSelf: boolean): PTensor {
  if (index.dtype !== "int64") throw versionedError("RuntimeError", "scatter(): Expected dtype int64 for index");
  if (src.dtype !== t.dtype) throw new PyError("RuntimeError", "scatter(): Expected self.dtype to be equal to src.dtype");
  if (index.ndim !== t.ndim && index.numel > 0) throw new PyError("RuntimeError", "Index tensor must have the same number of dimensions as self tensor");
  if (reduce === "prod" && isGradEnabled() && (t.requiresGrad || src.requiresGrad)) throw new Unsupported("the gradient of scatter_reduce(..., 'prod')");
  const d = normDim(dim, t.ndim);
  scatterSrcDims(t, d, index, src.shape);
  const [outs, ins] = scatterOffsets(t, d, index, src.shape, true);
  const f32 = t.dtype === "float32";
  const r = f32 ? Math.fround : (v: number) => v;
  const out = storage(t.dtype, t.numel, true);
  out.set(t.data);
  const hit = new Uint8Array(t.numel);
  for (const o of outs) hit[o] = 1;
  if (!includeSelf) {
    const init = { sum: 0, mean: 0, prod: 1, amax: -Infinity, amin: Infinity }[reduce];
    for (const o of outs) out[o] = t.dtype === "int64" && !Number.isFinite(init) ? (init > 0 ? 2 ** 63 - 1 : -(2 ** 63)) : init;
  }
  const count = new Float64Array(t.numel).fill(includeSelf ? 1 : 0);
  outs.forEach((o, j) => {
    const v = src.data[ins[j]];
    const a = out[o];
    if (reduce === "sum" || reduce === "mean") out[o] = r(a + v);
    else if (reduce === "prod") out[o] = r(a * v);
    else if (reduce === "amax") out[o] = Number.isNaN(a) || a >= v ? a : v;
    else out[o] = Number.isNaN(a) || a <= v ? a : v;
    count[o]++;
  });
  if (reduce === "mean") {
    for (let i = 0; i < out.length; i++) {
      if (!hit[i]) continue;
      const n = count[i] || 1;
      out[i] = t.isFloat ? r(out[i] / n) : Math.floor(out[i] / n);
    }
  }
  if (t.dtype === "bool") throw versionedError("RuntimeError", `"scatter_reduce" not implemented for '${dtypeName(t.dtype)}'`);
  const res = new PTensor(t.dtype, t.shape.slice(), out);
  return track(res, "ScatterReduceBackward0", [t, src], (g) => {
    // src's gradient is gathered in index's shape: autograd's shape check rejects it when that is not src's.
    if (src.requiresGrad && index.shape.some((s, i) => s !== src.shape[i])) {
      if (index.shape.every((s, i) => s === 1 || s === src.shape[i])) throw new Unsupported("the gradient of scatter_reduce with an index smaller than src");
      throw new PyError("RuntimeError", `Function ScatterReduceBackward0 returned an invalid gradient at index 1 - got [${index.shape.join(", ")}] but expected shape compatible with [${src.shape.join(", ")}]`);
    }
    const gs = storage(g.dtype, t.numel, true);
    const gsrc = storage(g.dtype, src.numel);
    const gr = g.dtype === "float32" ? Math.fround : (v: number) => v;
    if (reduce === "sum") {
      gs.set(g.data);
      outs.forEach((o, j) => (gsrc[ins[j]] = g.data[o]));
    } else if (reduce === "mean") {
      for (let i = 0; i < gs.length; i++) gs[i] = gr(g.data[i] / (count[i] || 1));
      outs.forEach((o, j) => (gsrc[ins[j]] = gs[o]));
    } else {
      // amax / amin: the gradient shared evenly by self (where it equals the result) and the src elements equal to it.
      const n = new Float64Array(t.numel);
      for (let i = 0; i < n.length; i++) n[i] = t.data[i] === out[i] ? 1 : 0;
      outs.forEach((o, j) => (n[o] = gr(n[o] + (src.data[ins[j]] === out[o] ? 1 : 0))));
      const dist = new Float64Array(t.numel);
      for (let i = 0; i < dist.length; i++) dist[i] = gr(g.data[i] / n[i]);
      for (let i = 0; i < gs.length; i++) gs[i] = t.data[i] === out[i] ? dist[i] : 0;
      outs.forEach((o, j) => (gsrc[ins[j]] = src.data[ins[j]] === out[o] ? dist[o] : 0));
    }
    if (!includeSelf) for (const o of outs) gs[o] = 0;
    return [new PTensor(g.dtype, t.shape.slice(), gs), new PTensor(g.dtype, src.shape.slice(), gsrc)];
  });
}
