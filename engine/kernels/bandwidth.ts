// A plain streaming read of two float32 arrays: the benchmark's bandwidth reference for memory-bound losses.
import { blockEnd, hsum } from "./common";

export function read2_f32(a: usize, b: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = f32x4.splat(0);
      do {
        const o = <usize>i << 2;
        acc = f32x4.add(acc, f32x4.add(v128.load(a + o), v128.load(b + o)));
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  for (; i < n; i++) total += <f64>(load<f32>(a + (<usize>i << 2)) + load<f32>(b + (<usize>i << 2)));
  return total;
}
