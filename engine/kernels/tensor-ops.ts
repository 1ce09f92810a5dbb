// The evaluator's own element-wise ops, row sums and softmax rows (engine/python/tensor/wasm.ts), for contiguous
// float32 / float64 arrays. Each is the evaluator's JS definition (engine/python/tensor/ops.ts) element for element: one
// IEEE operation in the dtype per step, which is what the JS computes in float64 and rounds once (exact for
// + - * / sqrt: double rounding is innocuous from 53 to 24 bits). No fused multiply-adds, in either build.
// Binary ops walk a 2-D broadcast: `outer` rows of `inner` elements; each operand steps by its row stride
// (0: the same row again) and is either contiguous along the row or one value repeated (inner stride 0).
import { at } from "./common";
import { fmaF32, fmaF64 } from "./mathT";
import { sum_f32, sum_f64 } from "./reduce";
import { vecSum } from "./aten-class";
import { unary_f32, unary_f64 } from "./unary";

// Binary op codes (engine/python/tensor/wasm.ts keeps the same table). @inline: as plain consts they reach the
// inlined loops as global reads, and Binaryen folds binary2d's six specialised loops back into one that tests op
// on every vector (mul: 14.0 against 10.8 us at 1e5).
@inline const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5;

@inline function opVec<T>(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return v128.add<T>(a, b);
  if (op == SUB) return v128.sub<T>(a, b);
  if (op == MUL) return v128.mul<T>(a, b);
  if (op == DIV) return v128.div<T>(a, b);
  // IEEE maximum / minimum: NaN if either is, -0 below +0 (the JS's NaN check, then Math.max / Math.min).
  if (op == MAX) return v128.max<T>(a, b);
  return v128.min<T>(a, b);
}

@inline function opOne<T>(op: i32, a: T, b: T): T {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == DIV) return a / b;
  if (op == MAX) return max<T>(a, b);
  return min<T>(a, b);
}

/** One row: out[i] = a[i*ia] op b[i*ib] for i < n, ia / ib 1 (contiguous) or 0 (one value). */
@inline function binaryRow<T>(op: i32, a: usize, ia: i32, b: usize, ib: i32, out: usize, n: i32): void {
  const lanes: i32 = 16 / sizeof<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Two vectors a pass on bumped pointers: V8 recomputes base + (i << k) for every access otherwise, and that
    // arithmetic set the loop's pace (mul by a scalar at 1e5: 8.7 against 5.1 us; PyTorch 8.9).
    const nv = n - (n % (2 * lanes));
    if (nv > 0) {
      const end = at<T>(out, nv);
      let pa = a, pb = b, po = out;
      if (ia && ib) {
        do {
          v128.store(po, opVec<T>(op, v128.load(pa), v128.load(pb)));
          v128.store(po, opVec<T>(op, v128.load(pa, 16), v128.load(pb, 16)), 16);
          pa += 32; pb += 32; po += 32;
        } while (po < end);
      } else if (ia) {
        const vb = v128.splat<T>(load<T>(b));
        do {
          v128.store(po, opVec<T>(op, v128.load(pa), vb));
          v128.store(po, opVec<T>(op, v128.load(pa, 16), vb), 16);
          pa += 32; po += 32;
        } while (po < end);
      } else if (ib) {
        const va = v128.splat<T>(load<T>(a));
        do {
          v128.store(po, opVec<T>(op, va, v128.load(pb)));
          v128.store(po, opVec<T>(op, va, v128.load(pb, 16)), 16);
          pb += 32; po += 32;
        } while (po < end);
      }
      if (ia | ib) i = nv;
    }
  }
  for (; i < n; i++) store<T>(at<T>(out, i), opOne<T>(op, load<T>(at<T>(a, i * ia)), load<T>(at<T>(b, i * ib))));
}

@inline function binary2d<T>(op: i32, a: usize, aRow: i32, ia: i32, b: usize, bRow: i32, ib: i32, out: usize, outer: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const ao = at<T>(a, o * aRow);
    const bo = at<T>(b, o * bRow);
    const oo = at<T>(out, o * inner);
    // Every case spelled out so each loop is specialised (op is a constant per call site after inlining).
    if (op == ADD) binaryRow<T>(ADD, ao, ia, bo, ib, oo, inner);
    else if (op == SUB) binaryRow<T>(SUB, ao, ia, bo, ib, oo, inner);
    else if (op == MUL) binaryRow<T>(MUL, ao, ia, bo, ib, oo, inner);
    else if (op == DIV) binaryRow<T>(DIV, ao, ia, bo, ib, oo, inner);
    else if (op == MAX) binaryRow<T>(MAX, ao, ia, bo, ib, oo, inner);
    else binaryRow<T>(MIN, ao, ia, bo, ib, oo, inner);
  }
}

/** out = a op b over `outer` rows of `inner` (op: 0 + 1 - 2 * 3 / 4 maximum 5 minimum); aRow / bRow: row strides. */
export function ew_binary_f32(op: i32, a: usize, aRow: i32, ia: i32, b: usize, bRow: i32, ib: i32, out: usize, outer: i32, inner: i32): void {
  binary2d<f32>(op, a, aRow, ia, b, bRow, ib, out, outer, inner);
}

export function ew_binary_f64(op: i32, a: usize, aRow: i32, ia: i32, b: usize, bRow: i32, ib: i32, out: usize, outer: i32, inner: i32): void {
  binary2d<f64>(op, a, aRow, ia, b, bRow, ib, out, outer, inner);
}

// Unary op codes: 0 neg, 1 abs, 2 sqrt, 3 reciprocal, 4 x * x, 5 (x * x) * x, 6 1 / (x * x), 7 1 / sqrt(x).
@inline function unaryOne<T>(op: i32, x: T): T {
  if (op == 0) return -x;
  if (op == 1) return abs<T>(x);
  if (op == 2) return sqrt<T>(x);
  if (op == 3) return <T>1 / x;
  if (op == 4) return x * x;
  if (op == 5) return x * x * x;
  if (op == 6) return <T>1 / (x * x);
  return <T>1 / sqrt<T>(x);
}

@inline function unaryVec<T>(op: i32, x: v128): v128 {
  if (op == 0) return v128.neg<T>(x);
  if (op == 1) return v128.abs<T>(x);
  if (op == 2) return v128.sqrt<T>(x);
  const one = v128.splat<T>(1);
  if (op == 3) return v128.div<T>(one, x);
  if (op == 4) return v128.mul<T>(x, x);
  if (op == 5) return v128.mul<T>(v128.mul<T>(x, x), x);
  if (op == 6) return v128.div<T>(one, v128.mul<T>(x, x));
  return v128.div<T>(one, v128.sqrt<T>(x));
}

@inline function unaryLoop<T>(op: i32, src: usize, dst: usize, n: i32): void {
  const lanes: i32 = 16 / sizeof<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Two vectors a pass on bumped pointers, as binaryRow.
    const nv = n - (n % (2 * lanes));
    if (nv > 0) {
      const end = at<T>(dst, nv);
      let ps = src, pd = dst;
      do {
        v128.store(pd, unaryVec<T>(op, v128.load(ps)));
        v128.store(pd, unaryVec<T>(op, v128.load(ps, 16)), 16);
        ps += 32; pd += 32;
      } while (pd < end);
      i = nv;
    }
  }
  for (; i < n; i++) store<T>(at<T>(dst, i), unaryOne<T>(op, load<T>(at<T>(src, i))));
}

@inline function unaryAll<T>(op: i32, src: usize, dst: usize, n: i32): void {
  if (op == 0) unaryLoop<T>(0, src, dst, n);
  else if (op == 1) unaryLoop<T>(1, src, dst, n);
  else if (op == 2) unaryLoop<T>(2, src, dst, n);
  else if (op == 3) unaryLoop<T>(3, src, dst, n);
  else if (op == 4) unaryLoop<T>(4, src, dst, n);
  else if (op == 5) unaryLoop<T>(5, src, dst, n);
  else if (op == 6) unaryLoop<T>(6, src, dst, n);
  else unaryLoop<T>(7, src, dst, n);
}

/** dst[i] = op(src[i]) (op codes above; src and dst may be the same). */
export function ew_unary_f32(op: i32, src: usize, dst: usize, n: i32): void {
  unaryAll<f32>(op, src, dst, n);
}

export function ew_unary_f64(op: i32, src: usize, dst: usize, n: i32): void {
  unaryAll<f64>(op, src, dst, n);
}

/** sigmoid's backward as the evaluator writes it: (g * (1 - y)) * y, each step rounded in the dtype. */
@inline function sigmoidGrad<T>(g: usize, y: usize, dst: usize, n: i32): void {
  const lanes: i32 = 16 / sizeof<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const nv = n - (n % (2 * lanes));
    const one = v128.splat<T>(1);
    if (nv > 0) {
      const end = at<T>(dst, nv);
      let pg = g, py = y, pd = dst;
      do {
        const y0 = v128.load(py);
        const y1 = v128.load(py, 16);
        v128.store(pd, v128.mul<T>(v128.mul<T>(v128.load(pg), v128.sub<T>(one, y0)), y0));
        v128.store(pd, v128.mul<T>(v128.mul<T>(v128.load(pg, 16), v128.sub<T>(one, y1)), y1), 16);
        pg += 32; py += 32; pd += 32;
      } while (pd < end);
      i = nv;
    }
  }
  for (; i < n; i++) {
    const yi = load<T>(at<T>(y, i));
    store<T>(at<T>(dst, i), load<T>(at<T>(g, i)) * (<T>1 - yi) * yi);
  }
}

export function sigmoid_grad_f32(g: usize, y: usize, dst: usize, n: i32): void {
  sigmoidGrad<f32>(g, y, dst, n);
}

export function sigmoid_grad_f64(g: usize, y: usize, dst: usize, n: i32): void {
  sigmoidGrad<f64>(g, y, dst, n);
}

/**
 * clamp (clip) with float64 bounds, compared in float64 as the JS does (a bound need not be representable in
 * float32): NaN stays, else min(hi, max(lo, x)), rounded to the dtype. grad != 0: clamp's backward instead,
 * dst = where(lo <= x <= hi, g, 0) with g at `grad` (an absent bound passes everything, NaN included).
 */
@inline function clampLoop<T>(src: usize, dst: usize, n: i32, lo: f64, hi: f64, hasLo: bool, hasHi: bool, grad: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && !grad) {
    // The values in the dtype's lanes: rounding is monotone, so max / min with the rounded bounds give the rounded
    // float64 result (signed zeros included); a NaN lane stays NaN.
    const lanes: i32 = 16 / sizeof<T>();
    const nv = n - (n % lanes);
    const vlo = v128.splat<T>(<T>lo);
    const vhi = v128.splat<T>(<T>hi);
    if (nv > 0) {
      do {
        v128.store(at<T>(dst, i), v128.min<T>(vhi, v128.max<T>(vlo, v128.load(at<T>(src, i)))));
        i += lanes;
      } while (i < nv);
    }
  }
  for (; i < n; i++) {
    const x = <f64>load<T>(at<T>(src, i));
    if (grad) {
      const keep = (!hasLo || x >= lo) && (!hasHi || x <= hi);
      store<T>(at<T>(dst, i), keep ? load<T>(at<T>(grad, i)) : <T>0);
    } else {
      store<T>(at<T>(dst, i), x != x ? <T>x : <T>min<f64>(hi, max<f64>(lo, x)));
    }
  }
}

export function clamp_f32(src: usize, dst: usize, n: i32, lo: f64, hi: f64, hasLo: bool, hasHi: bool, grad: usize): void {
  clampLoop<f32>(src, dst, n, lo, hi, hasLo, hasHi, grad);
}

export function clamp_f64(src: usize, dst: usize, n: i32, lo: f64, hi: f64, hasLo: bool, hasHi: bool, grad: usize): void {
  clampLoop<f64>(src, dst, n, lo, hi, hasLo, hasHi, grad);
}

/** Compare op codes (engine/python/tensor/wasm.ts keeps the same table); @inline as ADD's. */
@inline const EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5;

@inline function cmpVec<T>(op: i32, a: v128, b: v128): v128 {
  if (op == EQ) return v128.eq<T>(a, b);
  if (op == NE) return v128.ne<T>(a, b);
  if (op == LT) return v128.lt<T>(a, b);
  if (op == LE) return v128.le<T>(a, b);
  if (op == GT) return v128.gt<T>(a, b);
  return v128.ge<T>(a, b);
}

@inline function cmpOne<T>(op: i32, x: T, y: T): bool {
  if (op == EQ) return x == y;
  if (op == NE) return x != y;
  if (op == LT) return x < y;
  if (op == LE) return x <= y;
  if (op == GT) return x > y;
  return x >= y;
}

/** A vector's lane masks (all ones where true) as float64 1 / 0 at out: one store per two lanes. */
@inline function storeMask<T>(out: usize, m: v128): void {
  const one = f64x2.splat(1);
  if (sizeof<T>() == 8) {
    v128.store(out, v128.and(m, one));
  } else {
    v128.store(out, v128.and(i64x2.extend_low_i32x4_s(m), one));
    v128.store(out, v128.and(i64x2.extend_high_i32x4_s(m), one), 16);
  }
}

/** One row: out[i] = a[i*ia] op b[i*ib] as 1 / 0 in float64, ia / ib 1 (contiguous) or 0 (one value). */
@inline function compareRow<T>(op: i32, a: usize, ia: i32, b: usize, ib: i32, out: usize, n: i32): void {
  const lanes: i32 = 16 / sizeof<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD && (ia | ib)) {
    const nv = n - (n % lanes);
    if (nv > 0) {
      const end = at<f64>(out, nv);
      let pa = a, pb = b, po = out;
      const va = v128.splat<T>(load<T>(a));
      const vb = v128.splat<T>(load<T>(b));
      do {
        storeMask<T>(po, cmpVec<T>(op, ia ? v128.load(pa) : va, ib ? v128.load(pb) : vb));
        pa += ia << 4;
        pb += ib << 4;
        po += lanes << 3;
      } while (po < end);
      i = nv;
    }
  }
  for (; i < n; i++) store<f64>(at<f64>(out, i), cmpOne<T>(op, load<T>(at<T>(a, i * ia)), load<T>(at<T>(b, i * ib))) ? 1 : 0);
}

/**
 * Comparisons into a float64 0 / 1 array (the evaluator's bool storage), same 2-D walk as ew_binary
 * (op: 0 == 1 != 2 < 3 <= 4 > 5 >=).
 */
@inline function compare2d<T>(op: i32, a: usize, aRow: i32, ia: i32, b: usize, bRow: i32, ib: i32, out: usize, outer: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const ao = at<T>(a, o * aRow);
    const bo = at<T>(b, o * bRow);
    const oo = at<f64>(out, o * inner);
    if (op == EQ) compareRow<T>(EQ, ao, ia, bo, ib, oo, inner);
    else if (op == NE) compareRow<T>(NE, ao, ia, bo, ib, oo, inner);
    else if (op == LT) compareRow<T>(LT, ao, ia, bo, ib, oo, inner);
    else if (op == LE) compareRow<T>(LE, ao, ia, bo, ib, oo, inner);
    else if (op == GT) compareRow<T>(GT, ao, ia, bo, ib, oo, inner);
    else compareRow<T>(GE, ao, ia, bo, ib, oo, inner);
  }
}

export function ew_compare_f32(op: i32, a: usize, aRow: i32, ia: i32, b: usize, bRow: i32, ib: i32, out: usize, outer: i32, inner: i32): void {
  compare2d<f32>(op, a, aRow, ia, b, bRow, ib, out, outer, inner);
}

export function ew_compare_f64(op: i32, a: usize, aRow: i32, ia: i32, b: usize, bRow: i32, ib: i32, out: usize, outer: i32, inner: i32): void {
  compare2d<f64>(op, a, aRow, ia, b, bRow, ib, out, outer, inner);
}

/** torch.sum of each of `rows` contiguous rows of `len` (ATen's order, reduce.ts), into out (in the dtype). */
export function row_sums_f32(p: usize, rows: i32, len: i32, out: usize): void {
  for (let r = 0; r < rows; r++) store<f32>(at<f32>(out, r), <f32>sum_f32(at<f32>(p, r * len), len));
}

export function row_sums_f64(p: usize, rows: i32, len: i32, out: usize): void {
  for (let r = 0; r < rows; r++) store<f64>(at<f64>(out, r), sum_f64(at<f64>(p, r * len), len));
}

// ---- log_softmax's backward over contiguous rows (engine/python/atensoftmax.ts, _vec_host_softmax_backward_lastdim):
//      gi = fma(-exp(y), s, g) with s the row's sum of g in vec::reduce_all's lane order; the fused multiply-add:
//      mathT.ts's (relaxed SIMD's where the host fuses, else emulated exactly as python/fma.ts does it).

/** vec::reduce_all(+) of a row of n values (n > 0): 8 float / 4 double lanes, folded as AVX2 does. */
@inline function laneSum<T>(p: usize, n: i32): T {
  const L: i32 = 32 / sizeof<T>();
  if (n < L) {
    let s = load<T>(p);
    for (let k = 1; k < n; k++) s += load<T>(at<T>(p, k));
    return s;
  }
  let l0 = load<T>(at<T>(p, 0)), l1 = load<T>(at<T>(p, 1)), l2 = load<T>(at<T>(p, 2)), l3 = load<T>(at<T>(p, 3));
  if (sizeof<T>() == 8) {
    let k = 4;
    for (; k + 4 <= n; k += 4) {
      l0 += load<T>(at<T>(p, k)); l1 += load<T>(at<T>(p, k + 1)); l2 += load<T>(at<T>(p, k + 2)); l3 += load<T>(at<T>(p, k + 3));
    }
    if (k < n) l0 += load<T>(at<T>(p, k));
    if (k + 1 < n) l1 += load<T>(at<T>(p, k + 1));
    if (k + 2 < n) l2 += load<T>(at<T>(p, k + 2));
    return ((l0 + l1) + l2) + l3;
  }
  let l4 = load<T>(at<T>(p, 4)), l5 = load<T>(at<T>(p, 5)), l6 = load<T>(at<T>(p, 6)), l7 = load<T>(at<T>(p, 7));
  let k = 8;
  for (; k + 8 <= n; k += 8) {
    l0 += load<T>(at<T>(p, k)); l1 += load<T>(at<T>(p, k + 1)); l2 += load<T>(at<T>(p, k + 2)); l3 += load<T>(at<T>(p, k + 3));
    l4 += load<T>(at<T>(p, k + 4)); l5 += load<T>(at<T>(p, k + 5)); l6 += load<T>(at<T>(p, k + 6)); l7 += load<T>(at<T>(p, k + 7));
  }
  if (k < n) l0 += load<T>(at<T>(p, k));
  if (k + 1 < n) l1 += load<T>(at<T>(p, k + 1));
  if (k + 2 < n) l2 += load<T>(at<T>(p, k + 2));
  if (k + 3 < n) l3 += load<T>(at<T>(p, k + 3));
  if (k + 4 < n) l4 += load<T>(at<T>(p, k + 4));
  if (k + 5 < n) l5 += load<T>(at<T>(p, k + 5));
  if (k + 6 < n) l6 += load<T>(at<T>(p, k + 6));
  return ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
}

/** out = fma(-e, s_row, g) for `outer` rows of D (e = exp(y)), s_row the row's lane-order sum of g. */
export function log_softmax_grad_f32(e: usize, g: usize, out: usize, outer: i32, D: i32): void {
  for (let o = 0; o < outer; o++) {
    const b = o * D;
    const s = laneSum<f32>(at<f32>(g, b), D);
    let k = b;
    if (ASC_FEATURE_RELAXED_SIMD) {
      // The FMA build's hosts fuse relaxed_madd (engine/api/wasm.ts): four of the same fmas at once.
      const sv = f32x4.splat(s);
      for (; k + 4 <= b + D; k += 4) {
        const q = <usize>k << 2;
        v128.store(out + q, f32x4.relaxed_madd(f32x4.neg(v128.load(e + q)), sv, v128.load(g + q)));
      }
    }
    for (; k < b + D; k++) store<f32>(at<f32>(out, k), fmaF32(-load<f32>(at<f32>(e, k)), s, load<f32>(at<f32>(g, k))));
  }
}

export function log_softmax_grad_f64(e: usize, g: usize, out: usize, outer: i32, D: i32): void {
  for (let o = 0; o < outer; o++) {
    const b = o * D;
    const s = laneSum<f64>(at<f64>(g, b), D);
    for (let k = b; k < b + D; k++) store<f64>(at<f64>(out, k), fmaF64(-load<f64>(at<f64>(e, k)), s, load<f64>(at<f64>(g, k))));
  }
}

// ---- softmax / log_softmax's forward over contiguous rows (engine/python/atensoftmax.ts's softmaxLastDim,
//      _vec_softmax_lastdim / _vec_log_softmax_lastdim) in its order: per row m = max (IEEE maximum: NaN if any, -0
//      below +0) and z = x - m; e = Sleef exp of every z (unary.ts, vec::map); s = vecSum of each row's e
//      (vec::reduce_all's lanes, as cross entropy's rows); log_softmax z - Sleef log(s) (the sums through vec::map),
//      softmax e * (1 / s). Whole-array exp / log passes as in the JS: four (two) rows' lanes per Sleef call.

@inline function softmaxRows<T>(x: usize, out: usize, outer: i32, D: i32, log: bool, e: usize, sums: usize): void {
  const LV: i32 = 16 / sizeof<T>();
  const DV = D - D % LV;
  const n = outer * D;
  // z = x - m: into out (log_softmax's result is z - log(s) in place), else into e's place before exp overwrites it.
  const z = log ? out : e;
  for (let o = 0; o < outer; o++) {
    const b = at<T>(x, o * D);
    const d = at<T>(z, o * D);
    let m = load<T>(b);
    for (let k = 1; k < D; k++) m = max<T>(m, load<T>(at<T>(b, k)));
    let k = 0;
    if (ASC_FEATURE_SIMD) {
      const mv = v128.splat<T>(m);
      for (; k < DV; k += LV) v128.store(at<T>(d, k), v128.sub<T>(v128.load(at<T>(b, k)), mv));
    }
    for (; k < D; k++) store<T>(at<T>(d, k), load<T>(at<T>(b, k)) - m);
  }
  if (sizeof<T>() == 4) unary_f32(0, z, e, n, n);
  else unary_f64(0, z, e, n, n);
  for (let o = 0; o < outer; o++) store<T>(at<T>(sums, o), vecSum<T>(at<T>(e, o * D), D));
  if (log) {
    if (sizeof<T>() == 4) unary_f32(1, sums, sums, outer, outer);
    else unary_f64(1, sums, sums, outer, outer);
  }
  for (let o = 0; o < outer; o++) {
    const d = at<T>(out, o * D);
    const src = log ? d : at<T>(e, o * D);
    const v = load<T>(at<T>(sums, o));
    // log_softmax: z - log(s); softmax: e * (1 / s).
    const c: T = log ? v : <T>1 / v;
    let k = 0;
    if (ASC_FEATURE_SIMD) {
      const cv = v128.splat<T>(c);
      if (log) for (; k < DV; k += LV) v128.store(at<T>(d, k), v128.sub<T>(v128.load(at<T>(src, k)), cv));
      else for (; k < DV; k += LV) v128.store(at<T>(d, k), v128.mul<T>(v128.load(at<T>(src, k)), cv));
    }
    if (log) for (; k < D; k++) store<T>(at<T>(d, k), load<T>(at<T>(src, k)) - c);
    else for (; k < D; k++) store<T>(at<T>(d, k), load<T>(at<T>(src, k)) * c);
  }
}

/**
 * out = log_softmax (log) or softmax of `outer` contiguous rows of D > 0 values at x. Scratch (not aliasing x or
 * out): e, outer·D values; sums, outer values.
 */
export function softmax_rows_f32(x: usize, out: usize, outer: i32, D: i32, log: bool, e: usize, sums: usize): void {
  softmaxRows<f32>(x, out, outer, D, log, e, sums);
}

export function softmax_rows_f64(x: usize, out: usize, outer: i32, D: i32, log: bool, e: usize, sums: usize): void {
  softmaxRows<f64>(x, out, outer, D, log, e, sums);
}
