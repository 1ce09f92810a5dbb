// Entry of build/aten-math.wasm (test-only, not shipped): tiny kernels that apply one ATen math primitive to an
// array, for the bit-exactness tests (test/unit/aten-math.test.ts) and sweeps.
// vec != 0: the Sleef (vector) variant, else glibc's (scalar).
import {
  glibcExp, glibcExpf, glibcLog, glibcLog1p, glibcLog1pf, glibcExpf4, glibcExpf4Odd, glibcLogf, glibcLogf4, sleefExp, sleefExpd2, sleefExpf, sleefExpf4, sleefLog,
  sleefLog1p, sleefLog1pd2, sleefLog1pf, sleefLog1pf4, sleefLogd2, sleefLogf, sleefLogf4,
} from "../../engine/kernels/aten-math";
import { expv, log1pv, logv } from "../../engine/kernels/simd-math";
import { ctc } from "../../engine/kernels/ctc";
import { fmaF32, fmaF64 } from "../../engine/kernels/mathT";

@inline function mapF32(src: usize, dst: usize, n: i32, vec: i32, op: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && vec) {
    // Whole vectors, then the last elements one lane at a time (lanes are independent).
    for (; i + 4 <= n; i += 4) {
      const x = v128.load(src + (<usize>i << 2));
      v128.store(dst + (<usize>i << 2), op == 0 ? sleefExpf4(x) : op == 1 ? sleefLogf4(x) : sleefLog1pf4(x));
    }
    for (; i < n; i++) {
      const x = load<f32>(src + (<usize>i << 2));
      store<f32>(dst + (<usize>i << 2), op == 0 ? sleefExpf(x) : op == 1 ? sleefLogf(x) : sleefLog1pf(x));
    }
    return;
  }
  for (; i < n; i++) {
    const x = load<f32>(src + (<usize>i << 2));
    store<f32>(dst + (<usize>i << 2), op == 0 ? glibcExpf(x) : op == 1 ? glibcLogf(x) : glibcLog1pf(x));
  }
}

@inline function mapF64(src: usize, dst: usize, n: i32, vec: i32, op: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && vec) {
    for (; i + 2 <= n; i += 2) {
      const x = v128.load(src + (<usize>i << 3));
      v128.store(dst + (<usize>i << 3), op == 0 ? sleefExpd2(x) : op == 1 ? sleefLogd2(x) : sleefLog1pd2(x));
    }
    if (i < n) {
      const x = load<f64>(src + (<usize>i << 3));
      store<f64>(dst + (<usize>i << 3), op == 0 ? sleefExp(x) : op == 1 ? sleefLog(x) : sleefLog1p(x));
    }
    return;
  }
  for (; i < n; i++) {
    const x = load<f64>(src + (<usize>i << 3));
    store<f64>(dst + (<usize>i << 3), op == 0 ? glibcExp(x) : op == 1 ? glibcLog(x) : glibcLog1p(x));
  }
}

export function aten_exp_f32(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF32(src, dst, n, vec, 0);
}

export function aten_log_f32(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF32(src, dst, n, vec, 1);
}

export function aten_log1p_f32(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF32(src, dst, n, vec, 2);
}

export function aten_exp_f64(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF64(src, dst, n, vec, 0);
}

export function aten_log_f64(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF64(src, dst, n, vec, 1);
}

export function aten_log1p_f64(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF64(src, dst, n, vec, 2);
}

/**
 * For the benchmark (scripts/bench/aten-math.mjs): the engine's earlier primitives over an array, side by side with
 * the ones above. op 0..2: exp, log, log1p; f32 with vec: the Cephes-style SIMD expv / logv / log1pv, without:
 * Mathf.*; f64: Math.*.
 */
export function previous_f32(src: usize, dst: usize, n: i32, vec: i32, op: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && vec) {
    for (; i + 4 <= n; i += 4) {
      const x = v128.load(src + (<usize>i << 2));
      v128.store(dst + (<usize>i << 2), op == 0 ? expv(x) : op == 1 ? logv(x) : log1pv(x));
    }
  }
  for (; i < n; i++) {
    const x = load<f32>(src + (<usize>i << 2));
    store<f32>(dst + (<usize>i << 2), op == 0 ? Mathf.exp(x) : op == 1 ? Mathf.log(x) : Mathf.log1p(x));
  }
}

export function previous_f64(src: usize, dst: usize, n: i32, op: i32): void {
  for (let i = 0; i < n; i++) {
    const x = load<f64>(src + (<usize>i << 3));
    store<f64>(dst + (<usize>i << 3), op == 0 ? Math.exp(x) : op == 1 ? Math.log(x) : Math.log1p(x));
  }
}

/** First free byte after the module's static data. */
export function heap_base(): usize {
  return __heap_base;
}

/**
 * A four-lane function (op 0: glibcLogf4, 1: glibcExpf4, 2: glibcExpf4Odd, +0 wanted in its even lanes) against its scalar one on `count` float32 bit patterns
 * from `start` by `step` (wrapping), four lanes at a time with the lanes' patterns spread apart (start,
 * start + step·count/4, ...): the number that differ (NaN equals NaN). The whole 2^32 range: step 1, count 2^32
 * in pieces (test/unit/aten-math.test.ts samples it).
 */
@inline function lanes4Mismatches(start: u32, count: u32, step: u32, op: i32): u32 {
  if (!ASC_FEATURE_SIMD) return 0;
  let bad: u32 = 0;
  const q = count >> 2;
  const d = q * step;
  for (let j: u32 = 0; j < q; j++) {
    const b = start + j * step;
    const x = i32x4(b, b + d, b + 2 * d, b + 3 * d);
    const r = op == 0 ? glibcLogf4(x) : op == 1 ? glibcExpf4(x) : glibcExpf4Odd(x);
    for (let l = 0; l < 4; l++) {
      const xl = reinterpret<f32>(l == 0 ? b : l == 1 ? b + d : l == 2 ? b + 2 * d : b + 3 * d);
      const want: f32 = op == 0 ? glibcLogf(xl) : op == 1 || (l & 1) ? glibcExpf(xl) : 0;
      const got = l == 0 ? f32x4.extract_lane(r, 0) : l == 1 ? f32x4.extract_lane(r, 1) : l == 2 ? f32x4.extract_lane(r, 2) : f32x4.extract_lane(r, 3);
      if (reinterpret<u32>(want) != reinterpret<u32>(got) && !(want != want && got != got)) bad++;
    }
  }
  return bad;
}

export function logf4_mismatches(start: u32, count: u32, step: u32): u32 {
  return lanes4Mismatches(start, count, step, 0);
}

export function expf4_mismatches(start: u32, count: u32, step: u32): u32 {
  return lanes4Mismatches(start, count, step, 1);
}

export function expf4odd_mismatches(start: u32, count: u32, step: u32): u32 {
  return lanes4Mismatches(start, count, step, 2);
}

// CTC: the engine's float32 kernel (four lanes where SIMD) and the scalar recursion it must equal bit for bit.
export { ctc_f32 } from "../../engine/kernels/ctc";

export function ctc_scalar_f32(lp: usize, Tn: i32, N: i32, C: i32, tgt: usize, offs: usize, stride: i32, tl: usize, il: usize, blank: i32, zeroInf: bool, nllOut: usize, gs: usize, grad: usize, la: usize, lb: usize): void {
  ctc<f32>(lp, Tn, N, C, tgt, offs, stride, tl, il, blank, zeroInf, nllOut, gs, grad, la, lb);
}

/** mathT.ts's scalar fused multiply-adds (relaxed SIMD's in the FMA build, the emulation in the other). */
export function fma_f64(a: f64, b: f64, c: f64): f64 {
  return fmaF64(a, b, c);
}

export function fma_f32(a: f32, b: f32, c: f32): f32 {
  return fmaF32(a, b, c);
}
