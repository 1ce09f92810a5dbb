// Sleef 3.5.1's AVX2 u10 float32 exp / log / log1p (what Vectorized<float> calls), four lanes, bit for bit.
// The polynomials' fused multiply-adds run on float64 lanes: a product of two floats is exact there, so
// fma(a, b, c) is one float64 add rounded to float32 (`fmaf`). See engine/README.md "Last digit: transcendentals".
import {
  D1, D2, EXP_OVER, EXP_UNDER, F1, F1E38, F2P64, F4_3, FINF, FM1, FMIN, FNAN, FNINF, FNZERO, FZERO, I127, I255,
  I64, L2LF, L2U, L2UF, LNX, LNY, P2, R_LN2F, XE0, XE1, XE2, XE3, XE4, XE5, XL0, XL1, XL2, demote2, fmaf, kd,
  kf, ki, promoteHigh, rf,
} from "./sleef-common";

/** Sleef expf_u10 (AVX2) before its final rounding and range fix-ups, on two float lanes held as float64. */
@inline function sleefExpfCore(d: v128): v128 {
  const q = f64x2.nearest(rf(f64x2.mul(d, kd(R_LN2F))));
  // fma(q, -L2U, d) is exact (L2U has few bits); the second step rounds.
  const s = rf(f64x2.sub(f64x2.sub(d, f64x2.mul(q, kd(L2UF))), f64x2.mul(q, kd(L2LF))));
  let u = fmaf(kd(XE5), s, kd(XE4));
  u = fmaf(u, s, kd(XE3));
  u = fmaf(u, s, kd(XE2));
  u = fmaf(u, s, kd(XE1));
  u = fmaf(u, s, kd(XE0));
  u = fmaf(rf(f64x2.mul(s, s)), u, s);
  u = rf(f64x2.add(u, kd(D1)));
  // Sleef scales by 2^(q>>1) then 2^(q - q>>1) in float32: the first is exact, so this is one rounding of u * 2^q,
  // which the caller's demotion performs (u * 2^q is exact in float64 for the q that reach here).
  return f64x2.mul(u, i64x2.shl(f64x2.add(q, kd(P2)), 52));
}

// The body of sleefExpf4, out of line: about 1 KB of code that every caller would otherwise duplicate.
function sleefExpf4Impl(x: v128): v128 {
  const r = demote2(sleefExpfCore(f64x2.promote_low_f32x4(x)), sleefExpfCore(promoteHigh(x)));
  return v128.bitselect(kf(FINF), v128.andnot(r, f32x4.lt(x, kf(EXP_UNDER))), f32x4.gt(x, kf(EXP_OVER)));
}

/** e^x for four float32 lanes, bit-identical to Sleef_expf8_u10 (AVX2, libsleef 3.5.1): torch.exp's float32. */
@inline export function sleefExpf4(x: v128): v128 {
  return sleefExpf4Impl(x);
}

/**
 * The float-float log shared by Sleef's logf_u10 and log1pf_u10, on two lanes held as float64: the lane's log is
 * e ln 2 + 2 atanh(x) with x = n / (dx + dy) (dx + dy a float-float); returns s.x + s.y unrounded (the caller's
 * demotion is Sleef's last float32 addition).
 */
@inline function sleefLogfCore(n: v128, dx: v128, dy: v128, e: v128): v128 {
  // s = (LNX, LNY) * e, a float-float product (its error term through fma).
  const sx = rf(f64x2.mul(kd(LNX), e));
  const sy = fmaf(kd(LNY), e, f64x2.sub(f64x2.mul(kd(LNX), e), sx));
  // x = n / d as a float-float (Sleef's dfdiv with FMA).
  const t = rf(f64x2.div(kd(D1), dx));
  const qx = rf(f64x2.mul(n, t));
  const u = rf(f64x2.sub(f64x2.mul(t, n), qx));
  const v = rf(f64x2.sub(rf(f64x2.sub(kd(D1), f64x2.mul(dx, t))), f64x2.mul(dy, t)));
  const qy = fmaf(qx, v, u);
  const x2 = rf(f64x2.mul(qx, qx));
  let p = fmaf(kd(XL2), x2, kd(XL1));
  p = fmaf(p, x2, kd(XL0));
  // s += 2x (float-float), then s += x^3 p (float).
  const x2x = f64x2.add(qx, qx);
  const x2y = f64x2.add(qy, qy);
  const s2x = rf(f64x2.add(sx, x2x));
  const s2y = rf(f64x2.add(rf(f64x2.add(rf(f64x2.add(rf(f64x2.sub(sx, s2x)), x2x)), sy)), x2y));
  const w = rf(f64x2.mul(rf(f64x2.mul(x2, qx)), p));
  const s3x = rf(f64x2.add(s2x, w));
  const s3y = rf(f64x2.add(rf(f64x2.add(rf(f64x2.sub(s2x, s3x)), w)), s2y));
  return f64x2.add(s3x, s3y);
}

/** logf's lanes: m in [0.75, 1.5) with n = m - 1 (exact) over 1 + m (a float plus its exact rounding error). */
@inline function sleefLogfLanes(m: v128, e: v128): v128 {
  const sum = f64x2.add(m, kd(D1));
  const dx = rf(sum);
  return sleefLogfCore(f64x2.sub(m, kd(D1)), dx, f64x2.sub(sum, dx), e);
}

/** log1pf's lanes: m = x 2^-e + (2^-e - 1) over 2 + m (Sleef's fast two-sum). */
@inline function sleefLog1pfLanes(x: v128, t: v128, e: v128): v128 {
  const m = fmaf(x, t, rf(f64x2.sub(t, kd(D1))));
  const dx = rf(f64x2.add(m, kd(D2)));
  return sleefLogfCore(m, dx, rf(f64x2.add(rf(f64x2.sub(kd(D2), dx)), m)), e);
}

// The body of sleefLogf4, out of line: about 1 KB of code that every caller would otherwise duplicate.
function sleefLogf4Impl(x: v128): v128 {
  // Subnormals are scaled by 2^64 first; e = ilogb(x * 4/3) so that m = x / 2^e lies in [0.75, 1.5).
  const o = f32x4.lt(x, kf(FMIN));
  const d = v128.bitselect(f32x4.mul(x, kf(F2P64)), x, o);
  const ei = i32x4.sub(v128.and(i32x4.shr_u(f32x4.mul(d, kf(F4_3)), 23), ki(I255)), ki(I127));
  const m = i32x4.sub(d, i32x4.shl(ei, 23));
  const e = f32x4.convert_i32x4_s(i32x4.sub(ei, v128.and(o, ki(I64))));
  const r = demote2(
    sleefLogfLanes(f64x2.promote_low_f32x4(m), f64x2.promote_low_f32x4(e)),
    sleefLogfLanes(promoteHigh(m), promoteHigh(e)),
  );
  // +inf -> inf; x < 0 or NaN -> NaN; ±0 -> -inf.
  const a = v128.bitselect(kf(FINF), r, f32x4.eq(x, kf(FINF)));
  const b = v128.bitselect(a, kf(FNAN), f32x4.ge(x, kf(FZERO)));
  return v128.bitselect(kf(FNINF), b, f32x4.eq(x, kf(FZERO)));
}

/** Natural log for four float32 lanes, bit-identical to Sleef_logf8_u10 (AVX2, libsleef 3.5.1): torch.log's float32. */
@inline export function sleefLogf4(x: v128): v128 {
  return sleefLogf4Impl(x);
}

// The body of sleefLog1pf4, out of line: about 1 KB of code that every caller would otherwise duplicate.
function sleefLog1pf4Impl(x: v128): v128 {
  // e = ilogb((1 + x) 4/3) (subnormal 1 + x scaled by 2^64 first), t = 2^-e.
  const p1 = f32x4.add(x, kf(F1));
  const o = f32x4.lt(p1, kf(FMIN));
  const d = v128.bitselect(f32x4.mul(p1, kf(F2P64)), p1, o);
  const ei = i32x4.sub(v128.and(i32x4.shr_u(f32x4.mul(d, kf(F4_3)), 23), ki(I255)), ki(I127));
  const t = i32x4.sub(kf(F1), i32x4.shl(ei, 23));
  const e = f32x4.convert_i32x4_s(i32x4.sub(ei, v128.and(o, ki(I64))));
  const r = demote2(
    sleefLog1pfLanes(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(t), f64x2.promote_low_f32x4(e)),
    sleefLog1pfLanes(promoteHigh(x), promoteHigh(t), promoteHigh(e)),
  );
  // x > 1e38 -> inf; x < -1 (or NaN) -> NaN; -1 -> -inf; -0 -> -0.
  const a = v128.bitselect(kf(FINF), r, f32x4.gt(x, kf(F1E38)));
  const b = v128.or(a, f32x4.gt(kf(FM1), x));
  const c = v128.bitselect(kf(FNINF), b, f32x4.eq(x, kf(FM1)));
  return v128.bitselect(x, c, i32x4.eq(x, kf(FNZERO)));
}

/** log(1 + x) for four float32 lanes, bit-identical to Sleef_log1pf8_u10 (AVX2, libsleef 3.5.1): torch.log1p's. */
@inline export function sleefLog1pf4(x: v128): v128 {
  return sleefLog1pf4Impl(x);
}

/**
 * One float32 lane through Sleef (a splat, lane 0 back): for the partial last vector of ops that ATen runs through
 * Vectorized for every element (torch.exp / log / log1p load it partially; see engine/README.md).
 */
@inline export function sleefExpf(x: f32): f32 {
  return f32x4.extract_lane(sleefExpf4(f32x4.splat(x)), 0);
}
@inline export function sleefLogf(x: f32): f32 {
  return f32x4.extract_lane(sleefLogf4(f32x4.splat(x)), 0);
}
@inline export function sleefLog1pf(x: f32): f32 {
  return f32x4.extract_lane(sleefLog1pf4(f32x4.splat(x)), 0);
}
