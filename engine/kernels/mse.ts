// MSELoss: l = (x - y)^2, dl/dx = 2 (x - y). The target's gradient is the negation (done by the caller).
import { at, blockEnd, hsum } from "./common";

@inline function scalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, i: i32): f64 {
  let total: f64 = 0;
  const g2 = <T>(2 * gscale);
  for (; i < n; i++) {
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const l = d * d;
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), d * g2);
  }
  return total;
}

@inline function simd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g2 = f32x4.splat(<f32>(2 * gscale));
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = f32x4.splat(0);
      do {
        const o = <usize>i << 2;
        const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
        const l = f32x4.mul(d, d);
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(gx + o, f32x4.mul(d, g2));
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + scalar<f32>(x, y, n, out, gx, gscale, i);
}

/** Sum of per-element losses; writes them to out and scaled gradients to gx when those are non-zero. */
export function mse_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64): f64 {
  return gx ? simd(x, y, n, out, gx, gscale, true) : simd(x, y, n, out, gx, gscale, false);
}

export function mse_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64): f64 {
  return scalar<f64>(x, y, n, out, gx, gscale, 0);
}
