// Order statistics and counting: median, quantile, unique, bincount.
import { budget } from "../budget";
import { fma, fmaf } from "../fma";
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { dtypeName, fromArray, normDim, PTensor, scalarTensor, splitAt, storage, type TDtype } from "./core";

/** NaN sorts last, as ATen's sort does. */
function ascending(a: number, b: number): number {
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b;
}

/** The positions 0..size-1 of one row (value k at get(k)) in ascending order, NaN last, ties by position. */
function rowOrder(get: (k: number) => number, size: number): number[] {
  return Array.from({ length: size }, (_, k) => k).sort((p, q) => ascending(get(p), get(q)) || p - q);
}

/**
 * median() over every element: the lower of the two middle values (NaN if any is NaN). MedianBackward0 spreads
 * the gradient evenly over the elements equal to the result.
 */
export function median(t: PTensor): PTensor {
  budget().charge(t.numel);
  if (t.numel === 0) throw new PyError("RuntimeError", "median() input tensor cannot be empty");
  const sorted = Array.from(t.data).sort(ascending);
  const v = sorted.some(Number.isNaN) ? NaN : sorted[(t.numel - 1) >> 1];
  const r = scalarTensor(v, t.dtype);
  return track(r, "MedianBackward0", [t], (g) => {
    const hit = (x: number) => (Number.isNaN(v) ? Number.isNaN(x) : x === v);
    let count = 0;
    for (let i = 0; i < t.numel; i++) if (hit(t.data[i])) count++;
    const share = storage(g.dtype, 1, true);
    share[0] = g.data[0] / count;
    const back = storage(g.dtype, t.numel);
    for (let i = 0; i < t.numel; i++) if (hit(t.data[i])) back[i] = share[0];
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}

/** median(dim, keepdim): values and the index each came from (MedianBackward1 routes the gradient there). */
export function medianDim(t: PTensor, dim: number, keepdim: boolean): [PTensor, PTensor] {
  budget().charge(t.numel);
  const d = normDim(dim, Math.max(t.ndim, 1));
  const { outer, size, inner } = splitAt(t.ndim ? t.shape : [1], d);
  if (size === 0) throw new PyError("IndexError", "median(): Expected reduction dim 0 to have non-zero size.");
  const vals = storage(t.dtype, outer * inner, true);
  const idx = storage("int64", outer * inner, true);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const row = rowOrder((k) => t.data[(o * size + k) * inner + i], size);
      const nan = row.find((k) => Number.isNaN(t.data[(o * size + k) * inner + i]));
      const k = nan ?? row[(size - 1) >> 1];
      vals[o * inner + i] = t.data[(o * size + k) * inner + i];
      idx[o * inner + i] = k;
    }
  }
  const kept = (t.ndim ? t.shape : [1]).map((s, i) => (i === d ? 1 : s));
  const shape = keepdim ? kept : t.shape.filter((_, i) => i !== d);
  const values = new PTensor(t.dtype, shape.slice(), vals);
  const indices = new PTensor("int64", shape.slice(), idx);
  track(values, "MedianBackward1", [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) back[(o * size + idx[o * inner + i]) * inner + i] = g.data[o * inner + i];
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
  return [values, indices];
}

/**
 * quantile(q, dim=None, keepdim=False), linear interpolation, as ATen composes it: sorted values, ranks q * (n - 1)
 * in the dtype (n - 1 for a row with NaN), the values below and above lerped by rank - floor(rank) with one fused
 * multiply-add (w < 0.5: below + w * (above - below); else above - (above - below) * (1 - w)). Its gradient goes to
 * the two elements: grad * (1 - w) and grad * w (lerp's backward through gather and sort).
 */
export function quantile(t: PTensor, qs: number[], scalarQ: boolean, dim: number | null, keepdim: boolean): PTensor {
  budget().charge(t.numel);
  if (!t.isFloat) throw new PyError("RuntimeError", `quantile() input tensor must be either float or double dtype`);
  for (const q of qs) if (!(q >= 0 && q <= 1)) throw new PyError("RuntimeError", "quantile() q values must be in the range [0, 1]");
  if (t.numel === 0) throw new PyError("RuntimeError", "quantile() input tensor must be non-empty");
  const r = t.dtype === "float32" ? Math.fround : (x: number) => x;
  const fm = t.dtype === "float32" ? fmaf : fma;
  const d = dim === null ? 0 : normDim(dim, Math.max(t.ndim, 1));
  const { outer, size, inner } = dim === null ? { outer: 1, size: t.numel, inner: 1 } : splitAt(t.ndim ? t.shape : [1], d);
  const rows = outer * inner;
  const out = storage(t.dtype, qs.length * rows, true);
  // Per output: the two source elements and their weights, for the backward.
  const below = new Int32Array(out.length);
  const above = new Int32Array(out.length);
  const wts = new Float64Array(out.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * size + k) * inner + i;
      const order = rowOrder((k) => t.data[at(k)], size);
      const hasNan = Number.isNaN(t.data[at(order[size - 1])]);
      qs.forEach((q, j) => {
        const rank = hasNan ? size - 1 : r(r(q) * (size - 1));
        const lo = Math.trunc(rank);
        const hi = Math.ceil(rank);
        const w = r(rank - lo);
        const a = t.data[at(order[lo])];
        const b = t.data[at(order[hi])];
        const diff = r(b - a);
        const k = j * rows + o * inner + i;
        out[k] = Math.abs(w) < 0.5 ? fm(w, diff, a) : fm(r(w - 1), diff, b);
        below[k] = at(order[lo]);
        above[k] = at(order[hi]);
        wts[k] = w;
      });
    }
  }
  const kept = dim === null ? (keepdim ? t.shape.map(() => 1) : []) : keepdim ? (t.ndim ? t.shape : [1]).map((s, x) => (x === d ? 1 : s)) : t.shape.filter((_, x) => x !== d);
  const res = new PTensor(t.dtype, scalarQ ? kept : [qs.length, ...kept], out);
  return track(res, evalTorch().quantileGradFn, [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let k = 0; k < out.length; k++) {
      const lo = r(g.data[k] * r(1 - wts[k]));
      const hi = r(g.data[k] * wts[k]);
      back[below[k]] = r(back[below[k]] + lo);
      back[above[k]] = r(back[above[k]] + hi);
    }
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}

/** unique(sorted=True, return_inverse, return_counts) over the flattened input (no dim): values ascending. */
export function unique(t: PTensor): { values: PTensor; inverse: PTensor; counts: PTensor } {
  budget().charge(t.numel);
  const vals = [...new Set(Array.from(t.data))].sort(ascending);
  const pos = new Map(vals.map((v, i) => [v, i]));
  const counts = new Array<number>(vals.length).fill(0);
  const inv = Array.from(t.data, (v) => {
    const k = pos.get(v)!;
    counts[k]++;
    return k;
  });
  return { values: fromArray(t.dtype, [vals.length], vals), inverse: fromArray("int64", t.shape.slice(), inv), counts: fromArray("int64", [vals.length], counts) };
}

/** bincount(weights=None, minlength=0): counts (int64), or the weights' sums in their dtype. */
export function bincount(t: PTensor, weights: PTensor | null, minlength: number): PTensor {
  budget().charge(t.numel);
  // The dispatch has integer cases only (a float or bool input fails there, before the shape check).
  if (t.isFloat || t.dtype === "bool") throw versionedError("RuntimeError", `"bincount_cpu" not implemented for '${dtypeName(t.dtype)}'`);
  if (t.ndim !== 1 || t.data.some((v) => v < 0)) throw new PyError("RuntimeError", "bincount only supports 1-d non-negative integral inputs.");
  if (weights && (weights.ndim !== 1 || weights.numel !== t.numel)) throw new PyError("RuntimeError", "weights should be 1-d and have the same length as input");
  if (minlength < 0) throw new PyError("RuntimeError", "minlength should be >= 0");
  const n = Math.max(minlength, t.numel ? Math.max(...t.data) + 1 : 0);
  const dtype: TDtype = weights ? (weights.isFloat ? weights.dtype : "float64") : "int64";
  const acc = new Float64Array(n);
  for (let i = 0; i < t.numel; i++) acc[t.data[i]] += weights ? weights.data[i] : 1;
  return fromArray(dtype, [n], acc);
}
