// SIMD float32 helpers: the sign-bit ops the kernels use, and Cephes-style exp / log / log1p (about 1 ulp; NaN
// propagates, exp overflows to inf past ln(FLT_MAX), log(0) = -inf, log(x < 0) = NaN). The loss kernels no longer
// call the Cephes functions (they compute PyTorch's own Sleef / glibc results, aten-math.ts); they stay as the
// "before" of the aten-math benchmark (test/kernels/aten-test.ts). Constants come from memory (see consts.ts).
import {
  E0, E1, E2, E3, E4, E5, EXP_HI, EXP_LO, F23, FLT_MIN, HALF, I126, INF, L0, L1, L2, L3, L4, L5, L6, L7, L8, LN2_HI,
  LN2_LO, LOG2E, MAGIC, MANT, NAN, NINF, ONE, SIGN, SQRTHF, TWO, TWO23, ZERO, kf, ki,
} from "./consts";

@inline export function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/**
 * a where the lane mask m is all ones, b where it is all zeros (m from a comparison): one blend where the host has
 * relaxed SIMD (the FMA build), three bitwise ops otherwise. Not for partial masks.
 */
@inline export function select(a: v128, b: v128, m: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_laneselect(a, b, m);
  return v128.bitselect(a, b, m);
}

/** e^x for four lanes. */
@inline export function expv(x: v128): v128 {
  // Clamp so n stays in [-126, 128]; far negative lanes come out ~0, and lanes past ln(FLT_MAX) overflow to
  // inf by themselves (n = 128 with a positive reduced argument), so no select is needed.
  const xc = f32x4.pmin(f32x4.pmax(x, kf(EXP_LO)), kf(EXP_HI));
  const fx = f32x4.add(f32x4.mul(xc, kf(LOG2E)), kf(MAGIC));
  const n = f32x4.sub(fx, kf(MAGIC));
  // Two-part ln 2 keeps the reduced argument exact.
  let r = f32x4.sub(xc, f32x4.mul(n, kf(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, kf(LN2_LO)));
  const r2 = f32x4.mul(r, r);
  // p(r) = 1 + r + r^2 (c0 + c1 r + c2 r^2 + c3 r^3 + c4 r^4 + c5 r^5), Estrin.
  const a = f32x4.add(kf(E0), f32x4.mul(r, kf(E1)));
  const b = f32x4.add(kf(E2), f32x4.mul(r, kf(E3)));
  const c = f32x4.add(kf(E4), f32x4.mul(r, kf(E5)));
  const r4 = f32x4.mul(r2, r2);
  const poly = f32x4.add(f32x4.add(a, f32x4.mul(b, r2)), f32x4.mul(c, r4));
  const y = f32x4.add(f32x4.add(f32x4.mul(poly, r2), r), kf(ONE));
  // 2^(n-1) from the integer in fx's mantissa (n in [-126, 128]), times 2 afterwards.
  const ni = i32x4.sub(fx, kf(MAGIC));
  const pow = i32x4.shl(i32x4.add(ni, ki(I126)), 23);
  return f32x4.mul(f32x4.mul(y, pow), kf(TWO));
}

/** Natural log for four lanes. */
@inline export function logv(x0: v128): v128 {
  const r = logCore(x0);
  // Special values: x < 0 or NaN -> NaN, 0 -> -inf, inf -> inf.
  const s = v128.bitselect(kf(NINF), v128.bitselect(kf(INF), r, f32x4.eq(x0, kf(INF))), f32x4.eq(x0, kf(ZERO)));
  return v128.bitselect(s, kf(NAN), f32x4.ge(x0, kf(ZERO)));
}

/** The Cephes log of a finite, non-negative lane (subnormals handled); special values are the callers' job. */
@inline function logCore(x0: v128): v128 {
  // Subnormals: scale by 2^23 so the exponent split below sees a normal number.
  const tiny = f32x4.lt(x0, kf(FLT_MIN));
  const x = v128.bitselect(f32x4.mul(x0, kf(TWO23)), x0, tiny);
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), ki(I126)));
  e = f32x4.sub(e, v128.and(tiny, kf(F23)));
  // Mantissa in [0.5, 1); move to [sqrt(1/2), sqrt(2)) and adjust the exponent.
  let m = v128.or(v128.and(x, ki(MANT)), kf(HALF));
  const small = f32x4.lt(m, kf(SQRTHF));
  e = f32x4.sub(e, v128.and(small, kf(ONE)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), kf(ONE));
  const z = f32x4.mul(m, m);
  const z2 = f32x4.mul(z, z);
  // Cephes logf polynomial (degree 8), Estrin.
  const p01 = f32x4.add(kf(L0), f32x4.mul(m, kf(L1)));
  const p23 = f32x4.add(kf(L2), f32x4.mul(m, kf(L3)));
  const p45 = f32x4.add(kf(L4), f32x4.mul(m, kf(L5)));
  const p67 = f32x4.add(kf(L6), f32x4.mul(m, kf(L7)));
  const lo = f32x4.add(p01, f32x4.mul(p23, z));
  const hi = f32x4.add(f32x4.add(p45, f32x4.mul(p67, z)), f32x4.mul(kf(L8), z2));
  const poly = f32x4.add(lo, f32x4.mul(hi, z2));
  let y = f32x4.mul(f32x4.mul(poly, m), z);
  y = f32x4.add(y, f32x4.mul(e, kf(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, kf(HALF)));
  return f32x4.add(f32x4.add(m, y), f32x4.mul(e, kf(LN2_HI)));
}

/** log(1 + t), accurate for small t: log(u) - ((u - 1) - t) / u with u = 1 + t. */
@inline export function log1pv(t: v128): v128 {
  const u = f32x4.add(t, kf(ONE));
  const c = f32x4.div(f32x4.sub(f32x4.sub(u, kf(ONE)), t), u);
  // The correction is NaN only where u is 0 or inf (then it must vanish) or t is NaN (log is NaN anyway).
  return f32x4.sub(logv(u), v128.and(c, f32x4.eq(c, c)));
}

/** -|x| in one op (sets the sign bit). */
@inline export function negAbsv(x: v128): v128 {
  return v128.or(x, ki(SIGN));
}

/** |x| in one op (clears the sign bit). */
@inline export function absv(x: v128): v128 {
  return v128.andnot(x, ki(SIGN));
}

/** -x in one op (flips the sign bit; f32x4.neg costs V8 three). */
@inline export function negv(x: v128): v128 {
  return v128.xor(x, ki(SIGN));
}

/** 1 where the lane is > 0, -1 where < 0, 0 at ±0 and at NaN (L1's gradient in PyTorch). */
@inline export function signv(d: v128): v128 {
  return v128.or(v128.and(f32x4.gt(d, kf(ZERO)), kf(ONE)), v128.and(f32x4.lt(d, kf(ZERO)), splat(-1)));
}
