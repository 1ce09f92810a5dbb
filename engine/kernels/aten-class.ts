// The pieces of PyTorch 1.13's CPU cross entropy / nll_loss that fix its last bit (Debian build, AVX2, one
// thread), shared by the class-index kernels:
//  - nll_loss's own 8-level cascade over the batch (LossNLL.cpp / LossNLL2d.cpp: level 0 rolls up every 16
//    positions not ignored, then std::accumulate over the levels), for the loss and the total weight;
//  - log_softmax's reductions: along a contiguous row (dim = last) vec::reduce_all / map_reduce_all keep one
//    32-byte accumulator (8 float / 4 double lanes; the partial last vector adds into the first lanes), then
//    AVX2's float horizontal add is a tree ((a0+a4)+(a2+a6))+((a1+a5)+(a3+a7)) while double adds its lanes in
//    order; rows shorter than a vector add in order. Over a strided dim (K-dim inputs) classes add in order.
//  - which transcendental where (aten-elem.ts / aten-math.ts compute them): Sleef's exp/log where ATen
//    vectorises, glibc's std::exp in the scalar tail of the strided kernel (the last D % lanes of each sample);
//  - log_softmax_backward's `g - exp(out) * sum(g)`, which GCC contracts to one fused multiply-add.
import { fmaF32, fmaF64 } from "./mathT";

/** g - e·s rounded once (the FMA GCC makes of log_softmax_backward's expression). */
@inline export function fms<T>(g: T, e: T, s: T): T {
  if (sizeof<T>() == 4) return <T>fmaF32(-<f32>e, <f32>s, <f32>g);
  return <T>fmaF64(-<f64>e, <f64>s, <f64>g);
}

/** Lanes of one 32-byte vector. */
@inline export function lanesOf<T>(): i32 {
  return 32 / sizeof<T>();
}

const ACC = memory.data(64, 16);

/** vec::reduce_all(+) over n contiguous T (ATen's lane order, see the header). */
@inline export function vecSum<T>(p: usize, n: i32): T {
  const L = lanesOf<T>();
  if (n < L) {
    let s = load<T>(p);
    for (let i = 1; i < n; i++) s += load<T>(p + (<usize>i << alignof<T>()));
    return s;
  }
  let i = L;
  if (ASC_FEATURE_SIMD) {
    // The first 8 / 4 values as the lane accumulators, then whole vectors lane by lane (the same additions; wasm's
    // memory.copy is a call into V8's runtime, costly at 32 bytes).
    let a0 = v128.load(p);
    let a1 = v128.load(p, 16);
    for (; i + L <= n; i += L) {
      const q = p + (<usize>i << alignof<T>());
      a0 = sizeof<T>() == 4 ? f32x4.add(a0, v128.load(q)) : f64x2.add(a0, v128.load(q));
      a1 = sizeof<T>() == 4 ? f32x4.add(a1, v128.load(q, 16)) : f64x2.add(a1, v128.load(q, 16));
    }
    v128.store(ACC, a0);
    v128.store(ACC, a1, 16);
  } else memory.copy(ACC, p, 32);
  for (; i < n; i++) {
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
