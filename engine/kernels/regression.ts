// L1Loss, MSELoss, SmoothL1Loss (beta), HuberLoss (delta): functions of d = x - y, with PyTorch 1.13's roundings.
// One loop skeleton (regLoop) serves the four; `kind` is a compile-time constant, so each export is a tight loop.
//
// Gradients are the final ones: ATen's formula with the upstream gradient g inside it (g = gup[i], or the
// scalar g when gup is 0), written to gx and gy (0 = not wanted). ATen differentiates the target with the
// roles swapped (mse_loss_backward(grad, target, input)), so gy uses d' = y - x rather than -gx (they differ in
// the sign of zero). L1 is a composite in ATen: gx = g sgn(d) (g already divided by N for mean), gy = -gx.
// Elements [0, nv) take the formulas of ATen's vectorized body, [nv, n) those of its scalar lambda: they
// round differently for SmoothL1's and Huber's gradients (the scalar lambda divides / multiplies by the double
// beta / delta).
import { HALF, ONE, SIGN, ZERO, kf, ki } from "./consts";
import { absv, negv, select, signv, splat } from "./simd-math";
import { absT, sign0 } from "./scalar-math";

const L1: i32 = 0;
const MSE: i32 = 1;
const SL1: i32 = 2;
const HUBER: i32 = 3;

// ---- ATen's vectorized body (f32x4 lanes) ----

/**
 * v / p, as a product when p is a power of two (SmoothL1's default beta = 1): v·2^-k and v / 2^k are the same
 * correctly rounded value of the same exact number, so the bits agree, and a division costs several products.
 */
@inline function divP<P>(v: v128, p: v128, rp: v128): v128 {
  if (isPow2Loop<P>()) return f32x4.mul(v, rp);
  return f32x4.div(v, p);
}

/** The loops' p = 2^k flag as a type (P = Pow2 or NotPow2): AssemblyScript drops the other branch at compile
 *  time, where a boolean argument became a run-time select computing both the product and the division. */
class Pow2 {}
class NotPow2 {}
@inline function isPow2Loop<P>(): bool {
  return idof<P>() == idof<Pow2>();
}

/** Whether 1/p is exact and normal: p = 2^k with k in [-126, 126]. */
@inline function isPow2(p: f32): bool {
  const b = reinterpret<u32>(p);
  const e = (b >> 23) & 0xff;
  return (b & 0x807fffff) == 0 && e >= 1 && e <= 253;
}

@inline function lossV<P>(kind: i32, d: v128, p: v128, rp: v128, sign: v128, half: v128): v128 {
  if (kind == L1) return absv(d);
  if (kind == MSE) return f32x4.mul(d, d);
  const z = v128.andnot(d, sign);
  const hz2 = f32x4.mul(f32x4.mul(half, z), z);
  const hp = f32x4.mul(half, p);
  // blendv(quadratic, linear, z >= p): NaN takes the quadratic branch in ATen, the linear one here; both NaN.
  if (kind == SL1) return select(divP<P>(hz2, p, rp), f32x4.sub(z, hp), f32x4.lt(z, p));
  return select(hz2, f32x4.mul(p, f32x4.sub(z, hp)), f32x4.lt(z, p));
}

/** d(loss)/d(first operand) for d = first - second (not L1: its gradient is g sgn(d), see regLoop). */
@inline function gradV<P>(kind: i32, d: v128, g: v128, norm: v128, p: v128, rp: v128, sign: v128, one: v128, zero: v128): v128 {
  if (kind == MSE) return f32x4.mul(f32x4.mul(norm, d), g);
  // ATen's (d > 0 ? 1 : -1) (times p for Huber) as a sign bit set where !(d > 0) on 1 (on p >= 0): the same
  // values, signed zeros included, without a select and a multiply.
  const neg = v128.andnot(sign, f32x4.gt(d, zero));
  const big = f32x4.ge(v128.andnot(d, sign), p);
  const o = kind == SL1 ? select(v128.or(one, neg), divP<P>(d, p, rp), big) : select(v128.or(p, neg), d, big);
  return f32x4.mul(f32x4.mul(norm, o), g);
}

// ---- the same per element, typed by T; `vec` picks the vectorized body's formulas over the scalar lambda's ----

@inline function lossS<T>(kind: i32, d: T, p: T): T {
  const z = absT<T>(d);
  if (kind == L1) return z;
  if (kind == MSE) return d * d;
  const hz2 = <T>0.5 * z * z;
  if (kind == SL1) return z < p ? hz2 / p : z - <T>0.5 * p;
  return z < p ? hz2 : p * (z - <T>0.5 * p);
}

@inline function gradS<T>(kind: i32, vec: bool, d: T, g: T, norm: T, p: f64): T {
  if (kind == MSE) return norm * d * g;
  const pt = <T>p;
  if (vec) {
    const pm1: T = d > <T>0 ? <T>1 : <T>-1;
    const o: T = absT<T>(d) >= pt ? (kind == SL1 ? pm1 : pm1 * pt) : kind == SL1 ? d / pt : d;
    return norm * o * g;
  }
  // The scalar lambda compares with, divides by and multiplies by the double parameter.
  const dd = <f64>d;
  if (kind == SL1) return dd <= -p ? -norm * g : dd >= p ? norm * g : <T>(<f64>(norm * d * g) / p);
  return dd <= -p ? <T>(<f64>(-norm * g) * p) : dd >= p ? <T>(<f64>(norm * g) * p) : norm * d * g;
}

@inline function scalarLoop<T>(kind: i32, nv: i32, x: usize, y: usize, i: i32, end: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64): void {
  const gs = <T>g;
  const nt = <T>norm;
  const pt = <T>p;
  const sh = alignof<T>();
  for (; i < end; i++) {
    const o = <usize>i << sh;
    const a = load<T>(x + o);
    const b = load<T>(y + o);
    const d = a - b;
    if (out) store<T>(out + o, lossS<T>(kind, d, pt));
    const gi = gup ? load<T>(gup + o) : gs;
    if (kind == L1) {
      const v = gi * sign0<T>(d);
      if (gx) store<T>(gx + o, v);
      if (gy) store<T>(gy + o, -v);
    } else {
      const vec = i < nv;
      if (gx) store<T>(gx + o, gradS<T>(kind, vec, d, gi, nt, p));
      if (gy) store<T>(gy + o, gradS<T>(kind, vec, b - a, gi, nt, p));
    }
  }
}

/** ATen's vectorized body over whole vectors of [0, nv & ~3); returns where the scalar loop takes over.
 *  P = Pow2 (SmoothL1 with beta = 2^k gets its own loop) turns the divisions by p into products. */
@inline function simdLoop<P>(kind: i32, x: usize, y: usize, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): i32 {
  let i = 0;
  const n4 = nv & ~3;
  const gs = splat(<f32>g);
  const nt = splat(<f32>norm);
  const pv = splat(<f32>p);
  const rp = splat(isPow2Loop<P>() ? <f32>1 / <f32>p : <f32>1);
  // The constants in locals: kf / ki load them from memory, which the engine cannot hoist past the stores.
  const sign = ki(SIGN);
  const half = kf(HALF);
  const one = kf(ONE);
  const zero = kf(ZERO);
  const n8 = nv & ~7;
  // Two vectors a pass: independent chains for the out-of-order core (SmoothL1 / Huber are compute-bound).
  if (n8 > 0) do {
    const o = <usize>i << 2;
    simdStep<P>(kind, x, y, out, gx, gy, gup, o, gs, nt, pv, rp, sign, half, one, zero);
    simdStep<P>(kind, x, y, out, gx, gy, gup, o + 16, gs, nt, pv, rp, sign, half, one, zero);
    i += 8;
  } while (i < n8);
  if (i < n4) {
    simdStep<P>(kind, x, y, out, gx, gy, gup, <usize>i << 2, gs, nt, pv, rp, sign, half, one, zero);
    i += 4;
  }
  return i;
}

@inline function simdStep<P>(kind: i32, x: usize, y: usize, out: usize, gx: usize, gy: usize, gup: usize, o: usize, gs: v128, nt: v128, pv: v128, rp: v128, sign: v128, half: v128, one: v128, zero: v128): void {
  const a = v128.load(x + o);
  const b = v128.load(y + o);
  const d = f32x4.sub(a, b);
  if (out) v128.store(out + o, lossV<P>(kind, d, pv, rp, sign, half));
  if (gx | gy) {
    const gi = gup ? v128.load(gup + o) : gs;
    if (kind == L1) {
      const v = f32x4.mul(gi, signv(d));
      if (gx) v128.store(gx + o, v);
      if (gy) v128.store(gy + o, negv(v));
    } else {
      if (gx) v128.store(gx + o, gradV<P>(kind, d, gi, nt, pv, rp, sign, one, zero));
      if (gy) v128.store(gy + o, gradV<P>(kind, f32x4.sub(b, a), gi, nt, pv, rp, sign, one, zero));
    }
  }
}

/**
 * The default parameter and upstream (beta / delta = 1, a scalar upstream of 1, as `loss.backward()` gives; no
 * target gradient): SmoothL1's and Huber's vector formulas are then the same, and each drops its multiplies by 1
 * and by ±1 (x·1 = x, norm·(±1) = ±norm exactly), about 10 instructions a vector fewer than simdLoop's. Whether
 * the lane is linear (|d| >= 1) also says d is nonzero and not NaN, so ATen's (d > 0 ? 1 : -1) is d's sign bit.
 */
function unitLoop(x: usize, y: usize, out: usize, gx: usize, norm: f32, nv: i32): i32 {
  const n4 = nv & ~3;
  const sign = ki(SIGN);
  const half = kf(HALF);
  const one = kf(ONE);
  const nt = splat(norm);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
    const z = v128.andnot(d, sign);
    if (out) {
      const hz2 = f32x4.mul(f32x4.mul(half, z), z);
      v128.store(out + o, select(hz2, f32x4.sub(z, half), f32x4.lt(z, one)));
    }
    if (gx) v128.store(gx + o, select(v128.or(nt, v128.and(d, sign)), f32x4.mul(nt, d), f32x4.ge(z, one)));
  }
  return i;
}

@inline function regLoop<T>(kind: i32, x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4) {
    if ((kind == SL1 || kind == HUBER) && p == 1 && g == 1 && !gup && !gy && <f32>norm > 0) i = unitLoop(x, y, out, gx, <f32>norm, nv);
    else if (kind == SL1 && isPow2(<f32>p)) i = simdLoop<Pow2>(kind, x, y, out, gx, gy, gup, g, norm, p, nv);
    else i = simdLoop<NotPow2>(kind, x, y, out, gx, gy, gup, g, norm, p, nv);
  }
  scalarLoop<T>(kind, nv, x, y, i, n, out, gx, gy, gup, g, norm, p);
}

/** The exports: (x, y, n, out, gx, gy, gup, g, norm, param, nv); out / gx / gy / gup of 0 are skipped (runtime
 *  branches, well predicted: one loop per export keeps the module under its size budget). */
@inline function variants<T>(kind: i32, x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  if (sizeof<T>() == 8) regF64(kind, x, y, n, out, gx, gy, gup, g, norm, p, nv);
  else regLoop<f32>(kind, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}

/** The four float64 losses share one loop with `kind` a runtime value (float64 is for exactness, not speed). */
function regF64(kind: i32, x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  regLoop<f64>(kind, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}

export function l1_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f32>(L1, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function l1_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f64>(L1, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function mse_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f32>(MSE, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function mse_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f64>(MSE, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function smooth_l1_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f32>(SL1, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function smooth_l1_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f64>(SL1, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function huber_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f32>(HUBER, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
export function huber_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, norm: f64, p: f64, nv: i32): void {
  variants<f64>(HUBER, x, y, n, out, gx, gy, gup, g, norm, p, nv);
}
