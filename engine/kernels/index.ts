// Loss kernels, compiled by AssemblyScript to one module with zero imports (see scripts/build.mjs).
// Memory layout is owned by the TypeScript side (engine/api): it grows memory and passes byte offsets.

/** Sum of squared differences of two float32 arrays at byte offsets a and b, n elements. */
export function mse_sum_f32(a: usize, b: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = f32x4.splat(0);
    const n4 = n & ~3;
    if (n4 > 0) do {
      const d = f32x4.sub(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2)));
      acc = f32x4.add(acc, f32x4.mul(d, d));
      i += 4;
    } while (i < n4);
    total = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  }
  for (; i < n; i++) {
    const d = load<f32>(a + (<usize>i << 2)) - load<f32>(b + (<usize>i << 2));
    total += <f64>(d * d);
  }
  return total;
}
