// Vector norms and what is built on them: torch.norm / Tensor.norm (all elements or along dims),
// F.normalize, F.cosine_similarity, F.pairwise_distance, torch.cdist.
// The 2-norm along the last (contiguous) dim is ATen's vectorized path (sumSquaresLastDim, per version); other
// norms reduce one element after another in the dtype (binary_kernel_reduce with NormOps).
import { budget } from "../budget";
import { evalTorch } from "../version";
import { PyError, Unsupported } from "../errors";
import { fma, fmaf } from "../fma";
import { track, withNoGrad } from "./autograd";
import { broadcastShapes, cast, full, map, normDim, PTensor, sameShape, storage, type Operand } from "./core";
import { binary, clamp, unary } from "./elementwise";
import { broadcastTo, reshape } from "./shape";
import { sum } from "./reduce";
import { expand } from "./select";

/**
 * Σv² along the last dim as ATen's AVX2 build sums it (the kernels' sumSq / sumSqV2 in kernels/embedding.ts, the
 * same steps). 1.13: float32 in 8 lanes of fused multiply-adds added in order, float64 one fused chain; 2.x: L lanes
 * (8 float, 4 double) each adding the rounded square, added in order. The tail after the lanes: float32 groups of
 * four rounded squares added in order (the compiler's 4-wide epilogue), then fused multiply-adds.
 */
function sumSquaresLastDim(get: (k: number) => number, size: number, f32: boolean): number {
  const r = f32 ? Math.fround : (x: number) => x;
  const fm = f32 ? fmaf : fma;
  const v2 = evalTorch().lastDimNorm === "lanes";
  if (!f32 && !v2) {
    let s = 0;
    for (let k = 0; k < size; k++) s = fma(get(k), get(k), s);
    return s;
  }
  const L = f32 ? 8 : 4;
  const body = size - (size % L);
  let b = 0;
  if (body > 0) {
    for (let l = 0; l < L; l++) {
      let acc = 0;
      for (let k = l; k < body; k += L) acc = v2 ? r(acc + r(get(k) * get(k))) : fm(get(k), get(k), acc);
      b = l === 0 ? acc : r(b + acc);
    }
  }
  let d = body;
  if (f32) for (const end = d + ((size - d) & ~3); d < end; d++) b = r(b + r(get(d) * get(d)));
  for (; d < size; d++) b = fm(get(d), get(d), b);
  return b;
}

function normRow(get: (k: number) => number, size: number, p: number, f32: boolean, lastdim: boolean): number {
  const r = f32 ? Math.fround : (x: number) => x;
  const fm = f32 ? fmaf : fma;
  if (p === 2 && lastdim) return r(Math.sqrt(sumSquaresLastDim(get, size, f32)));
  let s = 0;
  if (p === Infinity || p === -Infinity) {
    s = p > 0 ? 0 : Infinity;
    for (let k = 0; k < size; k++) {
      const a = Math.abs(get(k));
      if (Number.isNaN(a)) return NaN;
      s = p > 0 ? Math.max(s, a) : Math.min(s, a);
    }
    return s;
  }
  for (let k = 0; k < size; k++) {
    const x = get(k);
    if (p === 2) s = fm(x, x, s);
    else if (p === 1) s = r(s + Math.abs(x));
    else if (p === 0) s = r(s + (x !== 0 ? 1 : 0));
    else s = r(s + r(Math.pow(Math.abs(x), p)));
  }
  if (p === 2) return r(Math.sqrt(s));
  if (p === 1 || p === 0) return s;
  return r(Math.pow(s, 1 / p));
}

/**
 * torch.norm(t, p, dim, keepdim) / t.norm(...): NormBackward1 (the version's name: gradFn). dim null: all elements. p: a number or +-Infinity
 * ('fro' is 2).
 */
export function norm(t: PTensor, p: number, dims: number[] | null = null, keepdim = false, gradFn = "NormBackward1"): PTensor {
  if (!t.isFloat) throw new PyError("RuntimeError", `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${t.dtype === "int64" ? "Long" : "Bool"}`);
  budget().charge(t.numel);
  const f32 = t.dtype === "float32";
  let out: PTensor;
  let kept: number[];
  if (dims === null || dims.length === 0 || (dims.length === t.ndim && t.ndim > 0 && dims.length > 1)) {
    const v = normRow((k) => t.data[k], t.numel, p, f32, true);
    out = full(keepdim ? t.shape.map(() => 1) : [], v, t.dtype);
    kept = t.shape.map(() => 1);
  } else {
    const ds = [...new Set(dims.map((d) => normDim(d, t.ndim)))].sort((a, b) => a - b);
    if (ds.some((d, i) => i > 0 && d !== ds[i - 1] + 1)) throw new PyError("NotImplementedError", "norm over non-adjacent dims is not supported by Loss Lens");
    const first = ds[0];
    const last = ds[ds.length - 1];
    const outer = t.shape.slice(0, first).reduce((a, b) => a * b, 1);
    const size = t.shape.slice(first, last + 1).reduce((a, b) => a * b, 1);
    const inner = t.shape.slice(last + 1).reduce((a, b) => a * b, 1);
    const data = storage(t.dtype, outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) data[o * inner + i] = normRow((k) => t.data[(o * size + k) * inner + i], size, p, f32, inner === 1);
    }
    kept = t.shape.map((s, i) => (ds.includes(i) ? 1 : s));
    out = new PTensor(t.dtype, keepdim ? kept : t.shape.filter((_, i) => !ds.includes(i)), data);
  }
  return track(out, gradFn, [t], (g) => [normBackward(g, t, p, out, kept)]);
}

/** derivatives.yaml's norm_backward, in its operation order. */
function normBackward(g: PTensor, self: PTensor, p: number, result: PTensor, kept: number[]): PTensor {
  const G = reshape(g, kept);
  const N = reshape(result, kept);
  if (p === 0) return full(self.shape, 0, self.dtype);
  if (p === 1) return binary("*", unary("sign", self), G);
  if (p === 2) {
    // grad * (self / norm).masked_fill_(norm == 0, 0) (1.13 and 2.13 alike, measured)
    const q = binary("/", self, N);
    const nb = broadcastTo(N, self.shape).data;
    for (let i = 0; i < q.numel; i++) if (nb[i] === 0) q.data[i] = 0;
    return binary("*", G, q);
  }
  if (p === Infinity || p === -Infinity) {
    // self.sgn() * ((grad / mask.sum(dim, keepdim)) * mask), mask = self.abs() == norm
    const mask = cast(binary("==", unary("abs", self), N), self.dtype);
    const counts = kept.every((s) => s === 1) ? sum(mask, null, true) : sumKept(mask, kept);
    return binary("*", unary("sign", self), binary("*", binary("/", G, counts), mask));
  }
  // self * self.abs().pow(p - 2) * grad / norm.pow(p - 1), masked where norm == 0
  const num = binary("*", binary("*", self, binary("**", unary("abs", self), { value: p - 2, kind: "float" })), G);
  const r = binary("/", num, binary("**", N, { value: p - 1, kind: "float" }));
  return map(binary("*", full(self.shape, 1, r.dtype), r), r.dtype, (v) => (Number.isNaN(v) ? 0 : v));
}

function sumKept(t: PTensor, kept: number[]): PTensor {
  let r = t;
  for (let d = 0; d < kept.length; d++) if (kept[d] === 1 && r.shape[d] !== 1) r = sum(r, d, true);
  return r;
}

/** F.normalize(x, p, dim, eps): x / norm(x, p, dim, keepdim=True).clamp_min(eps).expand_as(x) (DivBackward0). */
export function normalize(x: PTensor, p: number, dim: number, eps: number): PTensor {
  const denom = clamp(norm(x, p, [dim], true), eps, null, "ClampMinBackward0");
  return binary("/", x, denom);
}

/** F.cosine_similarity (ATen 1.13): each input over its 2-norm clamped to eps (no grad), the product summed. */
export function cosineSimilarity(a0: PTensor, b0: PTensor, dim: number, eps: number): PTensor {
  // The inputs are expanded to their common shape first (ATen's infer_size), so the dim is one of it.
  const shape = broadcastShapes(a0.shape, b0.shape);
  const [a, b] = [a0, b0].map((t) => (sameShape(t.shape, shape) ? t : expand(t, shape)));
  const na = norm(a, 2, [dim], true);
  const nb = norm(b, 2, [dim], true);
  withNoGrad(() => {
    for (const n of [na, nb]) for (let i = 0; i < n.numel; i++) if (n.data[i] < eps) n.data[i] = eps;
  });
  return sum(binary("*", binary("/", a, na), binary("/", b, nb)), dim, false);
}

/** F.pairwise_distance(x1, x2, p, eps, keepdim): norm(x1 - x2 + eps, p, last dim). */
export function pairwiseDistance(x1: PTensor, x2: PTensor, p: number, eps: number, keepdim: boolean): PTensor {
  const diff = binary("+", binary("-", x1, x2), { value: eps, kind: "float" } as Operand);
  const d = Math.max(x1.ndim, x2.ndim) - 1;
  return norm(diff, p, [Math.max(d, 0)], keepdim);
}

/** torch.cdist(x1, x2, p): distances between rows, computed directly (ATen's mm path for p=2 and > 25 rows differs). */
export function cdist(x1: PTensor, x2: PTensor, p: number): PTensor {
  for (const [t, name] of [[x1, "X1"], [x2, "X2"]] as const) if (t.ndim < 2) throw new PyError("RuntimeError", `cdist only supports at least 2D tensors, ${name} got: ${t.ndim}D`);
  if (x1.ndim !== 2 || x2.ndim !== 2) throw new Unsupported("cdist of batched inputs");
  if (x1.shape[1] !== x2.shape[1]) throw new PyError("RuntimeError", `X1 and X2 must have the same number of columns. X1: ${x1.shape[1]} X2: ${x2.shape[1]}`);
  const [n, m] = [x1.shape[0], x2.shape[0]];
  const D = x1.shape[1];
  const f32 = x1.dtype === "float32";
  const r = f32 ? Math.fround : (x: number) => x;
  budget().charge(n * m * D);
  const out = storage(x1.dtype, n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = normRow((k) => r(x1.data[i * D + k] - x2.data[j * D + k]), D, p, f32, false);
  }
  const res = new PTensor(x1.dtype, [n, m], out);
  return track(res, "CdistBackward0", [x1, x2], (g) => {
    budget().charge(n * m * D);
    const g1 = full(x1.shape, 0, g.dtype);
    const g2 = full(x2.shape, 0, g.dtype);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const dist = out[i * m + j];
        for (let k = 0; k < D; k++) {
          const diff = x1.data[i * D + k] - x2.data[j * D + k];
          let v: number;
          if (p === 2) v = dist === 0 ? 0 : (g.data[i * m + j] * diff) / dist;
          else if (p === 1) v = g.data[i * m + j] * Math.sign(diff);
          else if (p === Infinity) v = Math.abs(diff) === dist ? g.data[i * m + j] * Math.sign(diff) : 0;
          else v = dist === 0 ? 0 : (g.data[i * m + j] * diff * Math.pow(Math.abs(diff), p - 2)) / Math.pow(dist, p - 1);
          g1.data[i * D + k] += v;
          g2.data[j * D + k] -= v;
        }
      }
    }
    return [g1, g2];
  });
}

