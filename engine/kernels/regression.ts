// L1Loss, SmoothL1Loss (beta), HuberLoss (delta): functions of d = x - y. Target gradients are the negation
// of the input's (done by the caller). Conventions: see index.ts.
import { at, blockEnd, hsum } from "./common";
import { HALF, MONE, ONE, kf } from "./consts";
import { absv, signv, splat } from "./simd-math";
import { absT, sign0 } from "./scalar-math";

// ---- L1: |d|, gradient sign(d) (0 at NaN) ----

@inline function l1Scalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  for (; i < n; i++) {
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const l = absT<T>(d);
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), sign0<T>(d) * g);
  }
  return total;
}

@inline function l1Simd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
        const l = absv(d);
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(gx + o, f32x4.mul(signv(d), g));
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + l1Scalar<f32>(x, y, n, out, gx, gscale, i);
}

export function l1_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64): f64 {
  return gx ? l1Simd(x, y, n, out, gx, gscale, true) : l1Simd(x, y, n, out, gx, gscale, false);
}

export function l1_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64): f64 {
  return l1Scalar<f64>(x, y, n, out, gx, gscale, 0);
}

// ---- SmoothL1: z < beta ? 0.5 z^2 / beta : z - 0.5 beta; gradient d <= -beta ? -1 : d >= beta ? 1 : d / beta ----
// (beta = 0 falls out right: the loss is |d|, the gradient -1 at d = 0 as in ATen, NaN at NaN.)

@inline function sl1Scalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, beta: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  const b = <T>beta;
  const hb = <T>0.5 * b;
  for (; i < n; i++) {
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const z = absT<T>(d);
    const l = z < b ? <T>0.5 * z * z / b : z - hb;
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), (d <= -b ? <T>-1 : d >= b ? <T>1 : d / b) * g);
  }
  return total;
}

@inline function sl1Simd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, beta: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const b = splat(<f32>beta);
    const ib = splat(<f32>1 / <f32>beta); // inf when beta = 0: only in lanes the selects below discard
    const hb = splat(<f32>0.5 * <f32>beta);
    const half = kf(HALF);
    const one = kf(ONE);
    const mone = kf(MONE);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
        const z = absv(d);
        const quad = f32x4.mul(f32x4.mul(f32x4.mul(half, z), z), ib);
        const l = v128.bitselect(quad, f32x4.sub(z, hb), f32x4.lt(z, b));
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          // clamp(d / beta, -1, 1); with beta = 0, d = 0 gives 0 * inf = NaN where ATen says -1.
          const q = f32x4.mul(d, ib);
          const s = f32x4.pmin(f32x4.pmax(q, mone), one);
          const fix = v128.andnot(f32x4.ne(q, q), f32x4.ne(d, d));
          v128.store(gx + o, f32x4.mul(v128.bitselect(mone, s, fix), g));
        }
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + sl1Scalar<f32>(x, y, n, out, gx, gscale, beta, i);
}

export function smooth_l1_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, beta: f64): f64 {
  return gx ? sl1Simd(x, y, n, out, gx, gscale, beta, true) : sl1Simd(x, y, n, out, gx, gscale, beta, false);
}

export function smooth_l1_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, beta: f64): f64 {
  return sl1Scalar<f64>(x, y, n, out, gx, gscale, beta, 0);
}

// ---- Huber (delta > 0): z < delta ? 0.5 z^2 : delta (z - 0.5 delta); gradient clamps d to [-delta, delta] ----

@inline function huberScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, delta: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  const dl = <T>delta;
  const hd = <T>0.5 * dl;
  for (; i < n; i++) {
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const z = absT<T>(d);
    const l = z < dl ? <T>0.5 * z * z : dl * (z - hd);
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), (d <= -dl ? -dl : d >= dl ? dl : d) * g);
  }
  return total;
}

@inline function huberSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, delta: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const dl = splat(<f32>delta);
    const ndl = splat(-<f32>delta);
    const hd = splat(<f32>0.5 * <f32>delta);
    const half = kf(HALF);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
        const z = absv(d);
        const l = v128.bitselect(f32x4.mul(f32x4.mul(half, z), z), f32x4.mul(dl, f32x4.sub(z, hd)), f32x4.lt(z, dl));
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          // clamp(d, -delta, delta); pmax/pmin keep a NaN d.
          v128.store(gx + o, f32x4.mul(f32x4.pmin(f32x4.pmax(d, ndl), dl), g));
        }
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + huberScalar<f32>(x, y, n, out, gx, gscale, delta, i);
}

export function huber_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, delta: f64): f64 {
  return gx ? huberSimd(x, y, n, out, gx, gscale, delta, true) : huberSimd(x, y, n, out, gx, gscale, delta, false);
}

export function huber_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, delta: f64): f64 {
  return huberScalar<f64>(x, y, n, out, gx, gscale, delta, 0);
}
