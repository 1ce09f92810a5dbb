// The pieces of PyTorch 1.13's CPU cross entropy / nll_loss that fix its last bit (Debian build, AVX2, one
// thread), shared by the class-index kernels:
//  - nll_loss's own 8-level cascade over the batch (LossNLL.cpp / LossNLL2d.cpp: level 0 rolls up every 16
//    positions not ignored, then std::accumulate over the levels), for the loss and the total weight;
//  - log_softmax's reductions: along a contiguous row (dim = last) vec::reduce_all / map_reduce_all keep one
//    32-byte accumulator (8 float / 4 double lanes; the partial last vector adds into the first lanes), then
//    AVX2's float horizontal add is a tree ((a0+a4)+(a2+a6))+((a1+a5)+(a3+a7)) while double adds its lanes in
//    order; rows shorter than a vector add in order. Over a strided dim (K-dim inputs) classes add in order.
//  - the transcendentals: Sleef's vector exp/log where ATen vectorises, glibc's std::exp in the scalar tail of
//    the strided kernel (the last D % lanes positions of each sample);
//  - log_softmax_backward's `g - exp(out) * sum(g)`, which GCC contracts to one fused multiply-add.
import { glibcExp, glibcExpf, glibcLog, glibcLogf, sleefExpd2, sleefExpf4, sleefLog1pd2, sleefLog1pf4, sleefLogd2, sleefLogf4 } from "./aten-math";

/** Sleef_expf8_u10 / Sleef_expd4_u10 on one value (ATen's Vectorized<T>::exp). */
@inline export function sexp<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>sexpf(<f32>x);
  return <T>sexpd(<f64>x);
}

/** Sleef_logf8_u10 / Sleef_logd4_u10 on one value (ATen's Vectorized<T>::log). */
@inline export function slog<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>slogf(<f32>x);
  return <T>slogd(<f64>x);
}

/** Sleef_log1pf8_u10 / Sleef_log1pd4_u10 on one value (ATen's Vectorized<T>::log1p). */
@inline export function slog1p<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>slog1pf(<f32>x);
  return <T>slog1pd(<f64>x);
}

/** glibc's exp / expf (std::exp in ATen's scalar loops). */
@inline export function gexp<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcExpf(<f32>x);
  return <T>glibcExp(<f64>x);
}

/** glibc's log / logf (std::log in ATen's scalar loops). */
@inline export function glog<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcLogf(<f32>x);
  return <T>glibcLog(<f64>x);
}

// One lane through the vector code, out of line (one copy of each polynomial). The scalar build (the
// benchmark's baseline, no SIMD) uses the standard library instead.
function sexpf(x: f32): f32 {
  if (ASC_FEATURE_SIMD) return f32x4.extract_lane(sexp4(f32x4.splat(x)), 0);
  return Mathf.exp(x);
}

function slogf(x: f32): f32 {
  if (ASC_FEATURE_SIMD) return f32x4.extract_lane(slog4(f32x4.splat(x)), 0);
  return Mathf.log(x);
}

function slog1pf(x: f32): f32 {
  if (ASC_FEATURE_SIMD) return f32x4.extract_lane(slog1p4(f32x4.splat(x)), 0);
  return Mathf.log1p(x);
}

function slog1pd(x: f64): f64 {
  if (ASC_FEATURE_SIMD) return f64x2.extract_lane(sleefLog1pd2(f64x2.splat(x)), 0);
  return Math.log1p(x);
}

function sexpd(x: f64): f64 {
  if (ASC_FEATURE_SIMD) return f64x2.extract_lane(sleefExpd2(f64x2.splat(x)), 0);
  return Math.exp(x);
}

function slogd(x: f64): f64 {
  if (ASC_FEATURE_SIMD) return f64x2.extract_lane(sleefLogd2(f64x2.splat(x)), 0);
  return Math.log(x);
}

/** Sleef_expf8_u10 on four float32 lanes (one out-of-line copy). */
@inline export function sexp4(x: v128): v128 {
  return sexp4Impl(x);
}

/** Sleef_logf8_u10 on four float32 lanes (one out-of-line copy). */
@inline export function slog4(x: v128): v128 {
  return slog4Impl(x);
}

/** Sleef_log1pf8_u10 on four float32 lanes (one out-of-line copy). */
@inline export function slog1p4(x: v128): v128 {
  return slog1p4Impl(x);
}

function slog1p4Impl(x: v128): v128 {
  return sleefLog1pf4(x);
}

function sexp4Impl(x: v128): v128 {
  return sleefExpf4(x);
}

function slog4Impl(x: v128): v128 {
  return sleefLogf4(x);
}

/** g - e·s rounded once (an FMA): float32 through float64 (e·s exact there), float64 by Dekker's product. */
@inline export function fms<T>(g: T, e: T, s: T): T {
  if (sizeof<T>() == 4) return <T><f32>(<f64>g - <f64>e * <f64>s);
  return <T>fma64(-<f64>e, <f64>s, <f64>g);
}

/** a·b + c with one rounding (exact product by Veltkamp splitting, exact sum by TwoSum). */
function fma64(a: f64, b: f64, c: f64): f64 {
  const p = a * b;
  if (!isFinite(p) || p == 0 || Math.abs(a) > 1e300 || Math.abs(b) > 1e300) return p + c;
  const SPLIT = 134217729.0;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c;
  const bb = s - p;
  const se = (p - (s - bb)) + (c - bb);
  return s + (se + pe);
}

/** Lanes of one 32-byte vector. */
@inline export function lanesOf<T>(): i32 {
  return 32 / sizeof<T>();
}

const ACC = memory.data(64, 16);

/** vec::reduce_all(+) over n contiguous T (ATen's lane order, see the header). */
export function vecSum<T>(p: usize, n: i32): T {
  const L = lanesOf<T>();
  if (n < L) {
    let s = load<T>(p);
    for (let i = 1; i < n; i++) s += load<T>(p + (<usize>i << alignof<T>()));
    return s;
  }
  memory.copy(ACC, p, 32);
  for (let i = L; i < n; i++) {
    const a = ACC + (<usize>(i & (L - 1)) << alignof<T>());
    store<T>(a, load<T>(a) + load<T>(p + (<usize>i << alignof<T>())));
  }
  if (sizeof<T>() == 8) return ((load<T>(ACC) + load<T>(ACC, 8)) + load<T>(ACC, 16)) + load<T>(ACC, 24);
  const v0 = load<T>(ACC) + load<T>(ACC, 16);
  const v1 = load<T>(ACC, 4) + load<T>(ACC, 20);
  const v2 = load<T>(ACC, 8) + load<T>(ACC, 24);
  const v3 = load<T>(ACC, 12) + load<T>(ACC, 28);
  return (v0 + v2) + (v1 + v3);
}

// ---------------------------------------------------------------- nll_loss's cascade (level_power 4)
/** Levels 1..7 of the loss (bytes 8..63) and of the weight (72..127), T values held as f64. */
const CASC = memory.data(128, 8);
let casL: f64 = 0;
let casW: f64 = 0;
let casN: i32 = 0;

@inline export function casReset(): void {
  casL = 0;
  casW = 0;
  casN = 0;
  memory.fill(CASC, 0, 128);
}

/** nll_loss's `loss -= x·w; weight += w` for position b (not ignored), then its roll-up. */
@inline export function casAdd<T>(b: i32, term: T, wt: T): void {
  casL = <f64>(<T>casL - term);
  casW = <f64>(<T>casW + wt);
  casN++;
  if ((b & 15) == 0) casUp<T>(b);
}

export function casUp<T>(b: i32): void {
  store<f64>(CASC + 8, <f64>(<T>load<f64>(CASC + 8) + <T>casL));
  store<f64>(CASC + 72, <f64>(<T>load<f64>(CASC + 72) + <T>casW));
  casL = 0;
  casW = 0;
  for (let j = 1; j < 7; j++) {
    if ((b & (15 << (4 * j))) != 0) break;
    for (let o: usize = 0; o < 128; o += 64) {
      const lo = CASC + o + (<usize>j << 3);
      store<f64>(lo + 8, <f64>(<T>load<f64>(lo + 8) + <T>load<f64>(lo)));
      store<f64>(lo, 0);
    }
  }
}

/** std::accumulate(levels, 0): the loss total (weight total at CASC + 64 with `o` = 64). */
@inline export function casTotal<T>(o: usize): T {
  let s: T = <T>0 + <T>(o ? casW : casL);
  for (let j: usize = 1; j < 8; j++) s += <T>load<f64>(CASC + o + (j << 3));
  return s;
}

/** Level 0 and the count from a caller that kept them in locals. */
@inline export function casSet<T>(l0: T, w0: T, n: i32): void {
  casL = <f64>l0;
  casW = <f64>w0;
  casN = n;
}

/** Positions not ignored so far. */
@inline export function casCount(): i32 {
  return casN;
}
