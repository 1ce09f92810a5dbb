// Whole-array helpers the TypeScript side runs between kernels, so it never loops over elements itself.

/** dst = -src (n float32; dst may be src): a target's gradient that is the input's, negated (MSE & co.). */
export function neg_f32(src: usize, dst: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    if (n4 > 0) do {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.neg(v128.load(src + o)));
      i += 4;
    } while (i < n4);
  }
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), -load<f32>(src + (<usize>i << 2)));
}

/** dst = -src (n float64). */
export function neg_f64(src: usize, dst: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n2 = n & ~1;
    if (n2 > 0) do {
      const o = <usize>i << 3;
      v128.store(dst + o, f64x2.neg(v128.load(src + o)));
      i += 2;
    } while (i < n2);
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), -load<f64>(src + (<usize>i << 3)));
}
