// Element-wise exp / log / log1p / sigmoid / erf over a contiguous array, as PyTorch 1.13's CPU kernels (AVX2)
// apply them, for the evaluator (engine/python/tensor/elementwise.ts through Engine.elementwise):
//  - exp, log, log1p go through at::vml (vec::map): Sleef's vector function on every element, the partial last
//    vector included (lanes are independent, so 4-lane f32x4 / 2-lane f64x2 give the 8 / 4-lane results);
//  - sigmoid is a cpu_kernel_vec: the vector lambda 1 / ((0 - x).exp() + 1) on whole chunks of 2 * Vec::size()
//    (16 float / 8 double), the scalar lambda 1 / (1 + std::exp(-x)) (glibc) on the n % 16 (n % 8) tail.
// The caller says how many leading elements take the vector path (`body`): the rest take the scalar one (softmax
// over a strided dim has such scalar positions too). op: 0 exp, 1 log, 2 log1p, 3 sigmoid, 4 erf (float32 only,
// glibc's on every element: erf.ts). The Sleef / glibc primitives stay out of line (see aten-math.ts).
import {
  expConst, glibcExp, glibcExpf, glibcLog, glibcLog1p, glibcLog1pf, glibcLogf, sleefExpd2, sleefExpf4, sleefExpf4K,
  sleefLog1pd2, sleefLog1pf4, sleefLogd2, sleefLogf4,
} from "./aten-math";
import { glibcErff } from "./erf";

/** One vector of scratch for a partial last vector (zero-padded like Vectorized::loadu(ptr, count)). */
const PART = memory.data(16, 16);

@inline function vecF32(op: i32, x: v128): v128 {
  if (op == 0) return sleefExpf4(x);
  if (op == 1) return sleefLogf4(x);
  if (op == 2) return sleefLog1pf4(x);
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(sleefExpf4(f32x4.sub(f32x4.splat(0), x)), one));
}

function vecF64(op: i32, x: v128): v128 {
  if (op == 0) return sleefExpd2(x);
  if (op == 1) return sleefLogd2(x);
  if (op == 2) return sleefLog1pd2(x);
  const one = f64x2.splat(1);
  return f64x2.div(one, f64x2.add(sleefExpd2(f64x2.sub(f64x2.splat(0), x)), one));
}

function scalarF32(op: i32, x: f32): f32 {
  if (op == 0) return glibcExpf(x);
  if (op == 1) return glibcLogf(x);
  if (op == 2) return glibcLog1pf(x);
  if (op == 4) return glibcErff(x);
  return <f32>1 / (<f32>1 + glibcExpf(-x));
}

function scalarF64(op: i32, x: f64): f64 {
  if (op == 0) return glibcExp(x);
  if (op == 1) return glibcLog(x);
  if (op == 2) return glibcLog1p(x);
  return 1 / (1 + glibcExp(-x));
}

/**
 * exp (sigmoid: 1 / (exp(0 - x) + 1)) over the whole pairs of vectors of src[0, body): two vectors a pass, on
 * constants read once, in a do-while loop. Returns the end of what it did.
 */
function expRunF32(sigmoid: bool, src: usize, dst: usize, body: i32): i32 {
  const end = <usize>(body & ~7) << 2;
  if (end == 0) return 0;
  const k0 = expConst(0), k1 = expConst(1), k2 = expConst(2), k3 = expConst(3), k4 = expConst(4);
  const k5 = expConst(5), k6 = expConst(6), k7 = expConst(7), k8 = expConst(8), k9 = expConst(9);
  const zero = f32x4.splat(0);
  const k86 = f32x4.splat(86);
  let o: usize = 0;
  do {
    let xa = v128.load(src + o);
    let xb = v128.load(src + o, 16);
    if (sigmoid) {
      xa = f32x4.sub(zero, xa);
      xb = f32x4.sub(zero, xb);
    }
    const ord = i32x4.all_true(v128.and(f32x4.le(f32x4.abs(xa), k86), f32x4.le(f32x4.abs(xb), k86)));
    let a = sleefExpf4K(xa, ord, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
    let b = sleefExpf4K(xb, ord, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
    if (sigmoid) {
      a = f32x4.div(k9, f32x4.add(a, k9));
      b = f32x4.div(k9, f32x4.add(b, k9));
    }
    v128.store(dst + o, a);
    v128.store(dst + o, b, 16);
    o += 32;
  } while (o < end);
  return body & ~7;
}

/** dst[i] = op(src[i]) for float32, i < n: Sleef's for i < body, glibc's after (src and dst may be the same). */
export function unary_f32(op: i32, src: usize, dst: usize, n: i32, body: i32): void {
  if (op == 4) body = 0; // erf has no vector form here: glibc's on every element (erf.ts)
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Where Sleef's exp is inlined (the fused build); the emulation's is a call either way.
    if (ASC_FEATURE_RELAXED_SIMD && (op == 0 || op == 3)) i = expRunF32(op == 3, src, dst, body);
    // One loop per op, so exp (inlined) runs without a call per vector.
    if (op == 0) for (; i + 4 <= body; i += 4) v128.store(dst + (<usize>i << 2), vecF32(0, v128.load(src + (<usize>i << 2))));
    else if (op == 1) for (; i + 4 <= body; i += 4) v128.store(dst + (<usize>i << 2), vecF32(1, v128.load(src + (<usize>i << 2))));
    else if (op == 2) for (; i + 4 <= body; i += 4) v128.store(dst + (<usize>i << 2), vecF32(2, v128.load(src + (<usize>i << 2))));
    else for (; i + 4 <= body; i += 4) v128.store(dst + (<usize>i << 2), vecF32(3, v128.load(src + (<usize>i << 2))));
    if (i < body) {
      const bytes = <usize>(body - i) << 2;
      v128.store(PART, i32x4.splat(0));
      memory.copy(PART, src + (<usize>i << 2), bytes);
      v128.store(PART, vecF32(op, v128.load(PART)));
      memory.copy(dst + (<usize>i << 2), PART, bytes);
      i = body;
    }
  }
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), scalarF32(op, load<f32>(src + (<usize>i << 2))));
}

/** dst[i] = op(src[i]) for float64, Sleef's for i < body, glibc's after. */
export function unary_f64(op: i32, src: usize, dst: usize, n: i32, body: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= body; i += 2) v128.store(dst + (<usize>i << 3), vecF64(op, v128.load(src + (<usize>i << 3))));
    if (i < body) {
      v128.store(PART, f64x2.splat(0));
      store<f64>(PART, load<f64>(src + (<usize>i << 3)));
      store<f64>(dst + (<usize>i << 3), f64x2.extract_lane(vecF64(op, v128.load(PART)), 0));
      i = body;
    }
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), scalarF64(op, load<f64>(src + (<usize>i << 3))));
}
