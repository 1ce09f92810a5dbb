// softmax / log_softmax and their backward over the last dimension in PyTorch 1.13's CPU order (SoftMaxKernel.cpp,
// AVX2, one thread), so the evaluator's values are PyTorch's to the last bit:
//  - forward (_vec_softmax_lastdim / _vec_log_softmax_lastdim), per row: max (exact), z = x - max, e = exp(z)
//    (Sleef, vec::map), s = vec::reduce_all(+) of e in lane order; softmax = e * (1 / s); log_softmax = z - log(s)
//    (the row sums' logs through Sleef, vec::map);
//  - backward (_vec_host_softmax_backward_lastdim): log_softmax gi = g - exp(y) * sum(g) with GCC's fused
//    multiply-add; softmax gi = (g - sum(g * y)) * y, the sum a vec::map2_reduce_all whose `acc + g * y` is fused.
// vec::reduce_all's order: one accumulator of L lanes (8 float, 4 double) takes the first L values, then value i adds
// into lane i % L; AVX2 folds float lanes as ((a0+a4)+(a2+a6))+((a1+a5)+(a3+a7)), double lanes in order. Rows
// shorter than L add in order.
import { fma, fmaf } from "./fma";

export type Floats = Float32Array | Float64Array;
/** Element-wise exp / log over a whole array as ATen's vec::map computes it (every element through Sleef). */
export type MapFn = (op: "exp" | "log", data: Floats) => Floats;

const lanes = new Float64Array(8);

/**
 * vec::reduce_all(+) over n values term(k) in ATen's lane order (see the header); first(k), when given, is the
 * first vector's value and term(k, acc) the later ones' (map2_reduce_all's fused `acc + g * y`).
 */
function laneSum(n: number, f32: boolean, first: (k: number) => number, next: (k: number, acc: number) => number): number {
  const r = f32 ? Math.fround : (x: number) => x;
  const L = f32 ? 8 : 4;
  if (n < L) {
    let s = first(0);
    for (let k = 1; k < n; k++) s = r(s + first(k));
    return s;
  }
  for (let k = 0; k < L; k++) lanes[k] = first(k);
  for (let k = L; k < n; k++) lanes[k % L] = next(k, lanes[k % L]);
  if (!f32) return ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3];
  const a = r(r(lanes[0] + lanes[4]) + r(lanes[2] + lanes[6]));
  const b = r(r(lanes[1] + lanes[5]) + r(lanes[3] + lanes[7]));
  return r(a + b);
}

/** softmax (log = false) or log_softmax of `outer` contiguous rows of D values. */
export function softmaxLastDim(x: Floats, outer: number, D: number, log: boolean, math: MapFn): Floats {
  const f32 = x instanceof Float32Array;
  const r = f32 ? Math.fround : (v: number) => v;
  const n = outer * D;
  const z = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    const base = o * D;
    let m = x[base];
    for (let k = 1; k < D; k++) m = Math.max(m, x[base + k]);
    for (let k = 0; k < D; k++) z[base + k] = x[base + k] - m;
  }
  const e = math("exp", z);
  const sums = f32 ? new Float32Array(outer) : new Float64Array(outer);
  for (let o = 0; o < outer && D > 0; o++) {
    const base = o * D;
    sums[o] = laneSum(D, f32, (k) => e[base + k], (k, acc) => r(acc + e[base + k]));
  }
  if (log) {
    const ls = math("log", sums);
    for (let i = 0; i < n; i++) z[i] = z[i] - ls[Math.floor(i / D)];
    return z;
  }
  for (let o = 0; o < outer; o++) {
    const inv = r(1 / sums[o]);
    for (let k = o * D; k < (o + 1) * D; k++) e[k] = e[k] * inv;
  }
  return e;
}

/** The gradient w.r.t. the input of softmax / log_softmax (output y, upstream g) over contiguous rows of D. */
export function softmaxBackwardLastDim(g: Floats, y: Floats, outer: number, D: number, log: boolean, math: MapFn): Floats {
  const f32 = y instanceof Float32Array;
  const r = f32 ? Math.fround : (v: number) => v;
  const fused = f32 ? fmaf : fma;
  const n = outer * D;
  const gi = f32 ? new Float32Array(n) : new Float64Array(n);
  const e = log ? math("exp", y) : y;
  for (let o = 0; o < outer && D > 0; o++) {
    const b = o * D;
    if (log) {
      const s = laneSum(D, f32, (k) => g[b + k], (k, acc) => r(acc + g[b + k]));
      for (let k = b; k < b + D; k++) gi[k] = fused(-e[k], s, g[k]);
    } else {
      const s = laneSum(D, f32, (k) => r(g[b + k] * y[b + k]), (k, acc) => fused(g[b + k], y[b + k], acc));
      for (let k = b; k < b + D; k++) gi[k] = r(g[k] - s) * y[k];
    }
  }
  return gi;
}
