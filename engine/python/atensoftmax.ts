// softmax / log_softmax and their backward in PyTorch 1.13's CPU order (SoftMaxKernel.cpp, AVX2, one thread), so
// the evaluator's values are PyTorch's to the last bit (each rule checked against torch, see python_cases.py).
// Over the last dimension (rows of D contiguous values):
//  - forward (_vec_softmax_lastdim / _vec_log_softmax_lastdim), per row: max (exact), z = x - max, e = exp(z)
//    (Sleef, vec::map), s = vec::reduce_all(+) of e in lane order; softmax = e * (1 / s); log_softmax = z - log(s)
//    (the row sums' logs through Sleef, vec::map);
//  - backward (_vec_host_softmax_backward_lastdim): log_softmax gi = g - exp(y) * sum(g) with GCC's fused
//    multiply-add; softmax gi = (g - sum(g * y)) * y, the sum a vec::map2_reduce_all whose `acc + g * y` is fused.
// vec::reduce_all's order: one accumulator of L lanes (8 float, 4 double) takes the first L values, then value i adds
// into lane i % L; AVX2 folds float lanes as ((a0+a4)+(a2+a6))+((a1+a5)+(a3+a7)), double lanes in order. Rows
// shorter than L add in order.
// Over another dimension (inner > 1 values after it), ATen vectorises across the inner positions, L at a time
// (8 float / 4 double); the last inner % L positions of each outer block take the scalar path, whose exp is glibc's:
//  - forward: m = max, z = x - m, e = exp(z), s = 0 + e0 + e1 ... in class order; softmax = e / s,
//    log_softmax = z - log(s) (Sleef's log for every position);
//  - backward: s = 0 + g0·y0 + ... (each step a fused multiply-add) for softmax, gi = y (g - s); s = Σ g in class
//    order for log_softmax, gi = g - exp(y) s fused.
import { fma, fmaf } from "./fma";

export type Floats = Float32Array | Float64Array;
/**
 * Element-wise exp / log as ATen computes them: the first `vector` elements (default: all) through Sleef's vector
 * functions, the rest through glibc's.
 */
export type MapFn = (op: "exp" | "log", data: Floats, vector?: number) => Floats;

/** Where a result's array comes from (the evaluator's storage), and where a dead temporary goes (its free lists). */
export interface Arrays {
  alloc(like: Floats, n: number): Floats;
  done(a: Floats): void;
}

const plainArrays: Arrays = { alloc: like, done: () => {} };

/** softmax / log_softmax of x (outer, size, inner) over its middle dimension. */
export function softmaxForward(x: Floats, outer: number, size: number, inner: number, log: boolean, math: MapFn, arrays = plainArrays): Floats {
  return inner === 1 ? softmaxLastDim(x, outer, size, log, math, arrays) : softmaxStrided(x, outer, size, inner, log, math);
}

/** The input gradient of softmax / log_softmax (output y, upstream g), x (outer, size, inner). */
export function softmaxBackward(g: Floats, y: Floats, outer: number, size: number, inner: number, log: boolean, math: MapFn, fusedSum = true): Floats {
  return inner === 1 ? softmaxBackwardLastDim(g, y, outer, size, log, math, fusedSum) : softmaxBackwardStrided(g, y, outer, size, inner, log, math);
}

function like(x: Floats, n: number): Floats {
  return x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** exp of z (outer, size, inner) with the scalar (glibc) path at the last inner % L inner positions. */
function expStrided(z: Floats, inner: number, math: MapFn): Floats {
  const L = z instanceof Float32Array ? 8 : 4;
  const cut = inner - (inner % L);
  const e = math("exp", z);
  if (cut === inner) return e;
  const at: number[] = [];
  for (let j = 0; j < z.length; j++) if (j % inner >= cut) at.push(j);
  const zt = like(z, at.length);
  at.forEach((j, k) => (zt[k] = z[j]));
  const et = math("exp", zt, 0);
  at.forEach((j, k) => (e[j] = et[k]));
  return e;
}

function softmaxStrided(x: Floats, outer: number, size: number, inner: number, log: boolean, math: MapFn): Floats {
  const r = x instanceof Float32Array ? Math.fround : (v: number) => v;
  const z = like(x, x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let m = x[base];
      for (let k = 1; k < size; k++) m = Math.max(m, x[base + k * inner]);
      for (let k = 0; k < size; k++) z[base + k * inner] = x[base + k * inner] - m;
    }
  }
  const e = expStrided(z, inner, math);
  const sums = like(x, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let s = 0;
      for (let k = 0; k < size; k++) s = r(s + e[base + k * inner]);
      sums[o * inner + i] = s;
    }
  }
  const ls = log ? math("log", sums) : sums;
  const out = log ? z : e;
  for (let j = 0; j < x.length; j++) {
    const p = Math.floor(j / (size * inner)) * inner + (j % inner);
    out[j] = log ? z[j] - ls[p] : e[j] / sums[p];
  }
  return out;
}

function softmaxBackwardStrided(g: Floats, y: Floats, outer: number, size: number, inner: number, log: boolean, math: MapFn): Floats {
  const f32 = y instanceof Float32Array;
  const r = f32 ? Math.fround : (v: number) => v;
  const fused = f32 ? fmaf : fma;
  const gi = like(y, y.length);
  const e = log ? expStrided(y, inner, math) : y;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let s = 0;
      for (let k = base; k < base + size * inner; k += inner) s = log ? r(s + g[k]) : fused(g[k], y[k], s);
      for (let k = base; k < base + size * inner; k += inner) gi[k] = log ? fused(-e[k], s, g[k]) : y[k] * r(g[k] - s);
    }
  }
  return gi;
}

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

/** laneSum of the plain values a[base], ..., a[base + n - 1] (no closures: the forward's and log backward's rows). */
function rowLaneSum(a: Floats, base: number, n: number, f32: boolean): number {
  const L = f32 ? 8 : 4;
  if (n < L) {
    let s = a[base];
    if (f32) for (let k = 1; k < n; k++) s = Math.fround(s + a[base + k]);
    else for (let k = 1; k < n; k++) s += a[base + k];
    return s;
  }
  for (let k = 0; k < L; k++) lanes[k] = a[base + k];
  if (f32) for (let k = L; k < n; k++) lanes[k & 7] = Math.fround(lanes[k & 7] + a[base + k]);
  else for (let k = L; k < n; k++) lanes[k & 3] += a[base + k];
  if (!f32) return ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3];
  const r = Math.fround;
  return r(r(r(lanes[0] + lanes[4]) + r(lanes[2] + lanes[6])) + r(r(lanes[1] + lanes[5]) + r(lanes[3] + lanes[7])));
}

/** softmax (log = false) or log_softmax of `outer` contiguous rows of D values. */
function softmaxLastDim(x: Floats, outer: number, D: number, log: boolean, math: MapFn, arrays: Arrays): Floats {
  const f32 = x instanceof Float32Array;
  const n = outer * D;
  // log_softmax's result is z - log(s) in place.
  const z = arrays.alloc(x, n);
  for (let base = 0; base < n; base += D) {
    let m = x[base];
    for (let k = 1; k < D; k++) m = Math.max(m, x[base + k]);
    for (let k = base; k < base + D; k++) z[k] = x[k] - m;
  }
  const e = math("exp", z);
  const sums = f32 ? new Float32Array(outer) : new Float64Array(outer);
  for (let o = 0; o < outer && D > 0; o++) sums[o] = rowLaneSum(e, o * D, D, f32);
  if (log) {
    arrays.done(e);
    const ls = math("log", sums);
    for (let o = 0, base = 0; o < outer; o++, base += D) {
      const l = ls[o];
      for (let k = base; k < base + D; k++) z[k] = z[k] - l;
    }
    return z;
  }
  arrays.done(z);
  const r = f32 ? Math.fround : (v: number) => v;
  for (let o = 0; o < outer; o++) {
    const inv = r(1 / sums[o]);
    for (let k = o * D; k < (o + 1) * D; k++) e[k] = e[k] * inv;
  }
  return e;
}

/** The gradient w.r.t. the input of softmax / log_softmax (output y, upstream g) over contiguous rows of D. */
/** fusedSum: the g·y sum's `acc + g * y` is one fused multiply-add (1.13's build), else two roundings (2.x's). */
function softmaxBackwardLastDim(g: Floats, y: Floats, outer: number, D: number, log: boolean, math: MapFn, fusedSum: boolean): Floats {
  const f32 = y instanceof Float32Array;
  const r = f32 ? Math.fround : (v: number) => v;
  const fused = f32 ? fmaf : fma;
  const n = outer * D;
  const gi = f32 ? new Float32Array(n) : new Float64Array(n);
  const e = log ? math("exp", y) : y;
  for (let o = 0; o < outer && D > 0; o++) {
    const b = o * D;
    if (log) {
      const s = rowLaneSum(g, b, D, f32);
      for (let k = b; k < b + D; k++) gi[k] = fused(-e[k], s, g[k]);
    } else {
      const s = laneSum(D, f32, (k) => r(g[b + k] * y[b + k]), (k, acc) => (fusedSum ? fused(g[b + k], y[b + k], acc) : r(acc + r(g[b + k] * y[b + k]))));
      for (let k = b; k < b + D; k++) gi[k] = r(g[k] - s) * y[k];
    }
  }
  return gi;
}
