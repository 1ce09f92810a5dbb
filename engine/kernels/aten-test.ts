// Entry of build/aten-math.wasm (test-only, not shipped): tiny kernels that apply one ATen math primitive to an
// array, for the bit-exactness tests (test/unit/aten-math.test.ts) and sweeps.
// vec != 0: the Sleef (vector) variant, else glibc's (scalar).
import { glibcExpf, glibcLog1pf, glibcLogf, sleefExpf4, sleefLog1pf4, sleefLogf4 } from "./aten-math";

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

export function aten_exp_f32(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF32(src, dst, n, vec, 0);
}

export function aten_log_f32(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF32(src, dst, n, vec, 1);
}

export function aten_log1p_f32(src: usize, dst: usize, n: i32, vec: i32): void {
  mapF32(src, dst, n, vec, 2);
}

/** First free byte after the module's static data. */
export function heap_base(): usize {
  return __heap_base;
}
