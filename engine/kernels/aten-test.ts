// Entry of build/aten-math.wasm (test-only, not shipped): tiny kernels that apply one ATen math primitive to an
// array, for the bit-exactness tests (test/unit/aten-math.test.ts) and sweeps.
// vec != 0: the Sleef (vector) variant, else glibc's (scalar).
import {
  glibcExp, glibcExpf, glibcLog, glibcLog1p, glibcLog1pf, glibcLogf, sleefExpd2, sleefExpf4, sleefLog1pd2, sleefLog1pf4,
  sleefLogd2, sleefLogf4,
} from "./aten-math";

@inline function mapF32(src: usize, dst: usize, n: i32, vec: i32, op: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && vec) {
    // Whole vectors, then the last partial one through a splat (lanes are independent).
    for (; i < n; i += 4) {
      const x = i + 4 <= n ? v128.load(src + (<usize>i << 2)) : f32x4.splat(load<f32>(src + (<usize>i << 2)));
      const y = op == 0 ? sleefExpf4(x) : op == 1 ? sleefLogf4(x) : sleefLog1pf4(x);
      if (i + 4 <= n) v128.store(dst + (<usize>i << 2), y);
      else {
        store<f32>(dst + (<usize>i << 2), f32x4.extract_lane(y, 0));
        i -= 3;
      }
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
    for (; i < n; i += 2) {
      const x = i + 2 <= n ? v128.load(src + (<usize>i << 3)) : f64x2.splat(load<f64>(src + (<usize>i << 3)));
      const y = op == 0 ? sleefExpd2(x) : op == 1 ? sleefLogd2(x) : sleefLog1pd2(x);
      if (i + 2 <= n) v128.store(dst + (<usize>i << 3), y);
      else {
        store<f64>(dst + (<usize>i << 3), f64x2.extract_lane(y, 0));
        i -= 1;
      }
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

/** First free byte after the module's static data. */
export function heap_base(): usize {
  return __heap_base;
}
