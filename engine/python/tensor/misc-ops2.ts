// More small ops: searchsorted / bucketize, triu / tril_indices, cartesian_prod, combinations, block_diag,
// trapezoid, mode. Composed from the library's ops as ATen composes them where they have autograd.
import { PyError } from "../errors";
import { versionedError } from "../version";
import { track } from "./autograd";
import { binary } from "./elementwise";
import { broadcastShapes, cast, fromArray, full, normDim, PTensor, resultType, splitAt, storage } from "./core";
import { fma, fmaf } from "../fma";
import { getIndex, type IndexItem } from "./indexing";
import { sum } from "./reduce";
import { broadcastTo, concat, reduceTo, reshape } from "./shape";
import { meshgrid } from "./tile";
import { narrow } from "./misc-ops";

/** The index where v goes in the sorted row (lower bound; upper bound when right). */
function bound(row: ArrayLike<number>, start: number, n: number, v: number, right: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const b = row[start + mid];
    if (right ? !(v < b) : b < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** searchsorted(sorted, values, right): sorted 1-D or with values' leading dims. */
export function searchsorted(sorted: PTensor, values: PTensor, right: boolean): PTensor {
  const n = sorted.shape[sorted.ndim - 1] ?? 1;
  if (sorted.ndim > 1) {
    const lead = sorted.shape.slice(0, -1);
    if (values.ndim !== sorted.ndim || lead.some((s, i) => s !== values.shape[i])) {
      throw new PyError(
        "RuntimeError",
        `torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [${sorted.shape.join(", ")}] and input value tensor [${values.shape.join(", ")}]`,
      );
    }
  }
  const inner = values.shape[values.ndim - 1] ?? 1;
  const out = storage("int64", values.numel, true);
  for (let i = 0; i < values.numel; i++) out[i] = bound(sorted.data, sorted.ndim > 1 ? Math.floor(i / inner) * n : 0, n, values.data[i], right);
  return new PTensor("int64", values.shape.slice(), out);
}

/** triu_indices / tril_indices(row, col, offset): the coordinates of the triangle, row by row. */
export function triIndices(row: number, col: number, offset: number, upper: boolean): PTensor {
  if (row < 0) throw new PyError("RuntimeError", `row must be non-negative, got${row}`);
  if (col < 0) throw new PyError("RuntimeError", `col must be non-negative, got${col}`);
  const rs: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < row; i++) {
    for (let j = 0; j < col; j++) {
      if (upper ? j - i >= offset : j - i <= offset) {
        rs.push(i);
        cs.push(j);
      }
    }
  }
  return fromArray("int64", [2, rs.length], [...rs, ...cs]);
}

/** cartesian_prod(*tensors): one tensor is itself; else meshgrid('ij'), each flattened, stacked along dim 1. */
export function cartesianProd(ts: PTensor[]): PTensor {
  for (const t of ts) if (t.ndim !== 1) throw new PyError("RuntimeError", `Expect a 1D vector, but got shape [${t.shape.join(", ")}]`);
  if (ts.length === 1) return ts[0];
  const grids = meshgrid(ts, "ij");
  return concat(
    grids.map((g) => reshape(g, [-1], "ViewBackward0")),
    1,
    true,
  );
}

/** combinations(input, r=2, with_replacement=False): meshgrid of r copies, the ordered (or non-decreasing) index
 *  tuples' elements selected by a mask, stacked along dim 1. */
export function combinations(t: PTensor, r: number, withReplacement: boolean): PTensor {
  if (t.ndim !== 1) throw new PyError("RuntimeError", `Expect a 1D vector, but got shape [${t.shape.join(", ")}]`);
  if (r < 0) throw new PyError("RuntimeError", `Expect a non-negative number, but got ${r}`);
  if (r === 0) return fromArray(t.dtype, [0], []);
  const n = t.numel;
  const grids = meshgrid(new Array<PTensor>(r).fill(t), "ij");
  const shape = new Array<number>(r).fill(n);
  const total = n ** r;
  const mask = storage("bool", total, true);
  const idx = new Array<number>(r).fill(0);
  for (let i = 0; i < total; i++) {
    let ok = 1;
    for (let k = 1; k < r; k++) if (withReplacement ? idx[k - 1] > idx[k] : idx[k - 1] >= idx[k]) ok = 0;
    mask[i] = ok;
    for (let q = r - 1; q >= 0; q--) {
      if (++idx[q] < n) break;
      idx[q] = 0;
    }
  }
  const m = new PTensor("bool", shape, mask);
  const cols = grids.map((g) => {
    const s = getIndex(reshape(g, [total], "ViewBackward0"), [{ k: "tensor", t: reshape(m, [total]) }]);
    if (s.gradFn) s.gradFn.name = "MaskedSelectBackward0";
    return s;
  });
  return concat(cols, 1, true);
}

/** block_diag(*tensors): each (0-d: 1 x 1, 1-D: one row) on the diagonal of a zero matrix; BlockDiagBackward0. */
export function blockDiag(ts: PTensor[]): PTensor {
  const mats = ts.map((t, i) => {
    if (t.ndim > 2) throw new PyError("RuntimeError", `torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${t.ndim} dimensions`);
    return t.ndim === 2 ? t.shape : t.ndim === 1 ? [1, t.shape[0]] : [1, 1];
  });
  const dtype = ts.length ? ts.reduce((d, t) => resultType(fromArray(d, [], [0]), t), ts[0].dtype) : "float32";
  // No tensors: a 1 x 0 matrix, as ATen's.
  const rows = ts.length ? mats.reduce((s, m) => s + m[0], 0) : 1;
  const cols = mats.reduce((s, m) => s + m[1], 0);
  const out = full([rows, cols], 0, dtype);
  const at: [number, number][] = [];
  let [r0, c0] = [0, 0];
  ts.forEach((t, k) => {
    const [h, w] = mats[k];
    at.push([r0, c0]);
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) out.data[(r0 + i) * cols + c0 + j] = t.data[i * w + j];
    r0 += h;
    c0 += w;
  });
  return track(out, "BlockDiagBackward0", ts, (g) =>
    ts.map((t, k) => {
      const [h, w] = mats[k];
      const [a, b] = at[k];
      const gi = storage(g.dtype, h * w, true);
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) gi[i * w + j] = g.data[(a + i) * cols + b + j];
      return new PTensor(g.dtype, t.shape.slice(), gi);
    }),
  );
}

/**
 * trapezoid(y, x=None, dx=None, dim=-1): with a spacing number (y.sum(dim) - (y[0] + y[-1]) * 0.5) * dx; with x,
 * (dx * (y[1:] + y[:-1])).sum(dim) / 2 where dx = x[1:] - x[:-1] (x 1-D: along dim).
 */
export function trapezoid(y: PTensor, x: PTensor | number, dim: number): PTensor {
  const d = normDim(dim, y.ndim);
  const n = y.shape[d];
  const sel = (i: number): IndexItem[] => [...new Array<IndexItem>(d).fill({ k: "slice", start: null, stop: null, step: null }), { k: "int", v: i }];
  if (typeof x === "number") {
    if (n === 0) return full(y.shape.filter((_, i) => i !== d), 0, y.dtype);
    const ends = binary("+", getIndex(y, sel(0)), getIndex(y, sel(-1 + n)));
    return binary("*", binary("-", sum(y, d), binary("*", ends, { value: 0.5, kind: "float" })), { value: x, kind: "float" });
  }
  let xv = x;
  if (x.ndim === 1) {
    if (x.numel !== n) throw new PyError("RuntimeError", "trapezoid: There must be one `x` value for each sample point");
    xv = reshape(x, y.shape.map((s, i) => (i === d ? s : 1)), "ViewBackward0");
  }
  const xd = x.ndim === 1 ? d : normDim(dim, x.ndim);
  const dx = binary("-", narrow(xv, xd, 1, xv.shape[xd] - 1), narrow(xv, xd, 0, xv.shape[xd] - 1));
  const ys = binary("+", narrow(y, d, 1, n - 1), narrow(y, d, 0, n - 1));
  return binary("/", sum(binary("*", dx, ys), d), { value: 2, kind: "float" });
}

/**
 * mode(dim=-1, keepdim=False): the most frequent value of each row (the smallest among equally frequent ones) and
 * the last index holding it (ATen sorts (value, index) pairs); ModeBackward0 routes the gradient to that index.
 */
export function mode(t: PTensor, dim: number, keepdim: boolean): [PTensor, PTensor] {
  const d = normDim(dim, t.ndim);
  const { outer, size, inner } = t.ndim ? splitAt(t.shape, d) : { outer: 1, size: 1, inner: 1 };
  const shape = t.ndim ? t.shape.map((s, i) => (i === d ? 1 : s)) : [];
  if (size === 0) throw new PyError("IndexError", `mode(): Expected reduction dim ${d} to have non-zero size.`);
  const vals = storage(t.dtype, outer * inner, true);
  const idx = storage("int64", outer * inner, true);
  const pairs: [number, number][] = new Array(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let k = 0; k < size; k++) pairs[k] = [t.data[(o * size + k) * inner + i], k];
      pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      let best = 0;
      let bv = pairs[0][0];
      let bi = pairs[0][1];
      for (let k = 0; k < size; ) {
        let e = k;
        while (e + 1 < size && pairs[e + 1][0] === pairs[k][0]) e++;
        if (e - k + 1 > best) [best, bv, bi] = [e - k + 1, pairs[e][0], pairs[e][1]];
        k = e + 1;
      }
      vals[o * inner + i] = bv;
      idx[o * inner + i] = bi;
    }
  }
  const outShape = keepdim ? shape : t.shape.filter((_, i) => i !== d);
  const values = new PTensor(t.dtype, outShape.slice(), vals);
  const indices = new PTensor("int64", outShape.slice(), idx);
  track(values, "ModeBackward0", [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) gi.data[(o * size + idx[o * inner + i]) * inner + i] = g.data[o * inner + i];
    return [gi];
  });
  return [values, indices];
}

/** The cross product along d of same-shaped a and b: each component fma(a_i, b_j, -(a_j * b_i)) in float32, as
 *  ATen's kernel compiles. */
function crossValues(a: PTensor, b: PTensor, d: number): PTensor {
  const { outer, inner } = splitAt(a.shape, d);
  const f32 = a.dtype === "float32";
  const out = storage(a.dtype, a.numel, true);
  const at = (t: PTensor, o: number, k: number, i: number) => t.data[(o * 3 + k) * inner + i];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let k = 0; k < 3; k++) {
        const [p, q] = [(k + 1) % 3, (k + 2) % 3];
        const x = at(a, o, p, i) * at(b, o, q, i);
        const y = at(a, o, q, i) * at(b, o, p, i);
        out[(o * 3 + k) * inner + i] = f32 ? fmaf(at(a, o, p, i), at(b, o, q, i), -Math.fround(y)) : a.isFloat ? fma(at(a, o, p, i), at(b, o, q, i), -y) : x - y;
      }
    }
  }
  return new PTensor(a.dtype, a.shape.slice(), out);
}

/** linalg.cross(a, b, dim): broadcast, LinalgCrossBackward0 (b x g and g x a). 1.13's words. */
export function cross(a: PTensor, b: PTensor, dim: number): PTensor {
  if (a.ndim !== b.ndim) throw new PyError("RuntimeError", "linalg.cross: inputs must have the same number of dimensions.");
  const shape = broadcastShapes(a.shape, b.shape);
  const d = normDim(dim, shape.length);
  if (a.shape[d - (shape.length - a.ndim)] !== 3 || b.shape[d - (shape.length - b.ndim)] !== 3) {
    throw new PyError("RuntimeError", `linalg.cross: inputs dimension ${dim} must have length 3. Got ${a.shape[d - (shape.length - a.ndim)]} and ${b.shape[d - (shape.length - b.ndim)]}`);
  }
  const dtype = resultType(a, b);
  if (dtype === "bool") throw versionedError("RuntimeError", `"cross" not implemented for 'Bool'`);
  const [x, y] = [broadcastTo(cast(a, dtype), shape), broadcastTo(cast(b, dtype), shape)];
  return track(crossValues(x, y, d), "LinalgCrossBackward0", [a, b], (g) => [reduceTo(crossValues(y, g, d), a.shape), reduceTo(crossValues(g, x, d), b.shape)]);
}
