// Sleef 3.5.1's AVX2 u10 float32 exp / log / log1p (what Vectorized<float> calls), four lanes, bit for bit.
// The polynomials' fused multiply-adds run on float64 lanes: a product of two floats is exact there, so
// fma(a, b, c) is one float64 add rounded to float32 (`fmaf`). See engine/README.md "Last digit: transcendentals".
import {
  D1, D2, EXP_OVER, EXP_UNDER, F1, F1E38, F86, F2P64, F4_3, FINF, FM1, FMIN, FNAN, FNINF, FNZERO, FZERO, I127, I255,
  I64, L2LF, L2U, L2UF, LNX, LNY, P2, R_LN2F, XE0, XE1, XE2, XE3, XE4, XE5, XL0, XL1, XL2, demote2, fmaf, kd,
  kf, ki, promoteHigh, rf,
} from "./sleef-common";
import { glibcLogf } from "./glibc";
import { TORCH_SLEEF_LOG1P_BIG, torchFlag } from "./torch-flags";

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

// ---- Hosts whose relaxed SIMD fuses (the engine-fma.wasm build, ASC_FEATURE_RELAXED_SIMD; chosen at start-up by
// engine/api/wasm.ts after a probe): Sleef's float32 algorithms run in four float32 lanes with f32x4.relaxed_madd
// as the fma, operation for operation as Sleef's AVX2 code (dd.h's FMA variants for the float-float steps).

// float32 constants of the fused path, four lanes each.
const CR = memory.data<f32>([
  1.442695040888963407359924681001892137426645954152985934135449406931, 1.442695040888963407359924681001892137426645954152985934135449406931, 1.442695040888963407359924681001892137426645954152985934135449406931, 1.442695040888963407359924681001892137426645954152985934135449406931, // R_LN2F
  -0.693145751953125, -0.693145751953125, -0.693145751953125, -0.693145751953125, // -L2Uf
  -1.428606765330187045e-06, -1.428606765330187045e-06, -1.428606765330187045e-06, -1.428606765330187045e-06, // -L2Lf
  0.000198527617612853646278381, 0.000198527617612853646278381, 0.000198527617612853646278381, 0.000198527617612853646278381,
  0.00139304355252534151077271, 0.00139304355252534151077271, 0.00139304355252534151077271, 0.00139304355252534151077271,
  0.00833336077630519866943359, 0.00833336077630519866943359, 0.00833336077630519866943359, 0.00833336077630519866943359,
  0.0416664853692054748535156, 0.0416664853692054748535156, 0.0416664853692054748535156, 0.0416664853692054748535156,
  0.166666671633720397949219, 0.166666671633720397949219, 0.166666671633720397949219, 0.166666671633720397949219,
  0.5, 0.5, 0.5, 0.5,
  0.69314718246459960938, 0.69314718246459960938, 0.69314718246459960938, 0.69314718246459960938, // LNX
  -1.904654323148236017e-09, -1.904654323148236017e-09, -1.904654323148236017e-09, -1.904654323148236017e-09, // LNY
  0.3027294874, 0.3027294874, 0.3027294874, 0.3027294874, // XL2
  0.3996108174, 0.3996108174, 0.3996108174, 0.3996108174, // XL1
  0.6666694880, 0.6666694880, 0.6666694880, 0.6666694880, // XL0
  2, 2, 2, 2,
]);
const R_R_LN2F = 0;
const R_NL2U = 1;
const R_NL2L = 2;
const R_XE5 = 3;
const R_XE4 = 4;
const R_XE3 = 5;
const R_XE2 = 6;
const R_XE1 = 7;
const R_XE0 = 8;
const R_LNX = 9;
const R_LNY = 10;
const R_XL2 = 11;
const R_XL1 = 12;
const R_XL0 = 13;
const R_F2 = 14;

@inline function kr(k: i32): v128 {
  return v128.load(CR + (<usize>k << 4));
}
@inline function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.relaxed_madd(a, b, c);
}
/** c - a b, fused (Sleef's vfmanp). */
@inline function nmadd(a: v128, b: v128, c: v128): v128 {
  return f32x4.relaxed_nmadd(a, b, c);
}
/** 2^k for four int32 lanes k in the normal range. */
@inline function pow2i(k: v128): v128 {
  return i32x4.shl(i32x4.add(k, ki(I127)), 23);
}

/**
 * Sleef expf_u10 (AVX2), four lanes, with fused multiply-adds, on its constants k0..k9 (expConst: read by the
 * caller, once before a loop where it can). ordinary: the caller knows every |x| <= 86.
 */
@inline function expfFused(
  x: v128, ordinary: bool, k0: v128, k1: v128, k2: v128, k3: v128, k4: v128, k5: v128, k6: v128, k7: v128, k8: v128, k9: v128,
): v128 {
  const q = f32x4.nearest(f32x4.mul(x, k0));
  let s = madd(q, k1, x);
  s = madd(q, k2, s);
  let u = madd(k3, s, k4);
  u = madd(u, s, k5);
  u = madd(u, s, k6);
  u = madd(u, s, k7);
  u = madd(u, s, k8);
  u = f32x4.add(k9, madd(f32x4.mul(s, s), u, s));
  const qi = i32x4.relaxed_trunc_f32x4_s(q);
  // |x| <= 86 in every lane: |q| <= 124 and u is in [0.7, 1.42], so u 2^q is normal and exact, Sleef's two scalings
  // and range fix-ups included: adding q to u's exponent field gives the same bits.
  if (ordinary || i32x4.all_true(f32x4.le(f32x4.abs(x), kf(F86)))) return i32x4.add(u, i32x4.shl(qi, 23));
  return expfScale(u, qi, x);
}

/** expfFused's constant k (0..9): R_R_LN2F .. R_XE0, then 1. */
@inline export function expConst(k: i32): v128 {
  return k == 9 ? kf(F1) : kr(k);
}

@inline function sleefExpf4Fused(x: v128): v128 {
  return expfFused(x, false, expConst(0), expConst(1), expConst(2), expConst(3), expConst(4), expConst(5), expConst(6), expConst(7), expConst(8), expConst(9));
}

/** Sleef's vldexp2, u 2^(q>>1) 2^(q - (q>>1)), and expf's range fix-ups, for vectors with a lane beyond +-86. */
function expfScale(u: v128, qi: v128, x: v128): v128 {
  const h = i32x4.shr_s(qi, 1);
  u = f32x4.mul(f32x4.mul(u, pow2i(h)), pow2i(i32x4.sub(qi, h)));
  return v128.bitselect(kf(FINF), v128.andnot(u, f32x4.lt(x, kf(EXP_UNDER))), f32x4.gt(x, kf(EXP_OVER)));
}

/** sleefLogfCore in four float32 lanes with fused multiply-adds: (n, 0) / (dx, dy), plus e ln 2. */
@inline function sleefLogfCoreFused(n: v128, dx: v128, dy: v128, e: v128): v128 {
  // s = (LNX, LNY) * e (dfmul_vf2_vf2_vf)
  const sx = f32x4.mul(kr(R_LNX), e);
  const sy = madd(kr(R_LNY), e, madd(kr(R_LNX), e, f32x4.neg(sx)));
  // x = n / d (dfdiv_vf2_vf2_vf2)
  const t = f32x4.div(kf(F1), dx);
  const qx = f32x4.mul(n, t);
  const u = madd(t, n, f32x4.neg(qx));
  const v = nmadd(dy, t, nmadd(dx, t, kf(F1)));
  const qy = madd(qx, v, u);
  const x2 = f32x4.mul(qx, qx);
  let p = madd(kr(R_XL2), x2, kr(R_XL1));
  p = madd(p, x2, kr(R_XL0));
  // s = dfadd(s, 2x), then dfadd(s, x^3 p)
  const x2x = f32x4.add(qx, qx);
  const x2y = f32x4.add(qy, qy);
  const s2x = f32x4.add(sx, x2x);
  const s2y = f32x4.add(f32x4.add(f32x4.add(f32x4.sub(sx, s2x), x2x), sy), x2y);
  const w = f32x4.mul(f32x4.mul(x2, qx), p);
  const s3x = f32x4.add(s2x, w);
  const s3y = f32x4.add(f32x4.add(f32x4.sub(s2x, s3x), w), s2y);
  return f32x4.add(s3x, s3y);
}

/** logf's reduction and core for d > 0 (scaled into the normal range), e less eAdj (64 where d was scaled). */
@inline function logfFused(d: v128, eAdj: v128): v128 {
  const ei = i32x4.sub(v128.and(i32x4.shr_u(f32x4.mul(d, kf(F4_3)), 23), ki(I255)), ki(I127));
  const m = i32x4.sub(d, i32x4.shl(ei, 23));
  const e = f32x4.convert_i32x4_s(i32x4.sub(ei, eAdj));
  // (m - 1, 0) / (1 + m as a two-sum)
  const dx = f32x4.add(kf(F1), m);
  const vv = f32x4.sub(dx, kf(F1));
  const dy = f32x4.add(f32x4.sub(kf(F1), f32x4.sub(dx, vv)), f32x4.sub(m, vv));
  return sleefLogfCoreFused(f32x4.sub(m, kf(F1)), dx, dy, e);
}

function sleefLogf4Fused(x: v128): v128 {
  // Every lane normal and finite: no scaling and no fix-up changes a bit, so they are skipped.
  if (i32x4.all_true(v128.and(f32x4.ge(x, kf(FMIN)), f32x4.lt(x, kf(FINF))))) return logfFused(x, i32x4.splat(0));
  const o = f32x4.lt(x, kf(FMIN));
  const r = logfFused(v128.bitselect(f32x4.mul(x, kf(F2P64)), x, o), v128.and(o, ki(I64)));
  const a = v128.bitselect(kf(FINF), r, f32x4.eq(x, kf(FINF)));
  const b = v128.bitselect(a, kf(FNAN), f32x4.ge(x, kf(FZERO)));
  return v128.bitselect(kf(FNINF), b, f32x4.eq(x, kf(FZERO)));
}

/** log1pf's reduction and core for 1 + x = p1 > 0 (d: p1 scaled into the normal range; e less eAdj). */
@inline function log1pfFused(x: v128, d: v128, eAdj: v128): v128 {
  const ei = i32x4.sub(v128.and(i32x4.shr_u(f32x4.mul(d, kf(F4_3)), 23), ki(I255)), ki(I127));
  const t = i32x4.sub(kf(F1), i32x4.shl(ei, 23));
  const e = f32x4.convert_i32x4_s(i32x4.sub(ei, eAdj));
  const m = madd(x, t, f32x4.sub(t, kf(F1)));
  const dx = f32x4.add(kr(R_F2), m);
  const dy = f32x4.add(f32x4.sub(kr(R_F2), dx), m);
  return sleefLogfCoreFused(m, dx, dy, e);
}

function sleefLog1pf4Fused(x: v128): v128 {
  const p1 = f32x4.add(x, kf(F1));
  // Every lane with 1 + x normal, x <= 1e38 and x not -0: no scaling and no fix-up changes a bit.
  const plain = v128.and(v128.and(f32x4.ge(p1, kf(FMIN)), f32x4.le(x, kf(F1E38))), v128.not(i32x4.eq(x, kf(FNZERO))));
  if (i32x4.all_true(plain)) return log1pfFused(x, p1, i32x4.splat(0));
  const o = f32x4.lt(p1, kf(FMIN));
  const r = log1pfFused(x, v128.bitselect(f32x4.mul(p1, kf(F2P64)), p1, o), v128.and(o, ki(I64)));
  const big = f32x4.gt(x, kf(F1E38));
  const a = v128.bitselect(torchFlag(TORCH_SLEEF_LOG1P_BIG) ? bigLog1pf(x) : kf(FINF), r, big);
  const b = v128.or(a, f32x4.gt(kf(FM1), x));
  const c = v128.bitselect(kf(FNINF), b, f32x4.eq(x, kf(FM1)));
  return v128.bitselect(x, c, i32x4.eq(x, kf(FNZERO)));
}

/** e^x for four float32 lanes, bit-identical to Sleef_expf8_u10 (AVX2, libsleef 3.5.1): torch.exp's float32. */
@inline export function sleefExpf4(x: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return sleefExpf4Fused(x);
  return sleefExpf4Impl(x);
}

/**
 * sleefExpf4 on the constants k0..k9 = expConst(0..9) that a loop of exps read before it: V8 does not hoist a
 * loop's constant loads, and reading them once made cross entropy's rows of exps 11 to 13 % faster. ordinary: the
 * caller has checked that every lane lies in [-86, 86] (a whole row at once, say).
 */
@inline export function sleefExpf4K(
  x: v128, ordinary: bool, k0: v128, k1: v128, k2: v128, k3: v128, k4: v128, k5: v128, k6: v128, k7: v128, k8: v128, k9: v128,
): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return expfFused(x, ordinary, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
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
  if (ASC_FEATURE_RELAXED_SIMD) return sleefLogf4Fused(x);
  return sleefLogf4Impl(x);
}

/** The newer Sleef's log1p beyond its core's range: log(x) per lane (glibc's standing in for Sleef's 1-ulp log). */
function bigLog1pf(x: v128): v128 {
  return f32x4(
    glibcLogf(f32x4.extract_lane(x, 0)), glibcLogf(f32x4.extract_lane(x, 1)),
    glibcLogf(f32x4.extract_lane(x, 2)), glibcLogf(f32x4.extract_lane(x, 3)),
  );
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
  // x > 1e38 -> inf (Sleef 3.5.1; the newer Sleef of PyTorch 2.x takes log(x) there, its 1-ulp log, for which
  // glibc's stands in); x < -1 (or NaN) -> NaN; -1 -> -inf; -0 -> -0.
  const big = f32x4.gt(x, kf(F1E38));
  const a = v128.bitselect(torchFlag(TORCH_SLEEF_LOG1P_BIG) ? bigLog1pf(x) : kf(FINF), r, big);
  const b = v128.or(a, f32x4.gt(kf(FM1), x));
  const c = v128.bitselect(kf(FNINF), b, f32x4.eq(x, kf(FM1)));
  return v128.bitselect(x, c, i32x4.eq(x, kf(FNZERO)));
}

/** log(1 + x) for four float32 lanes, bit-identical to Sleef_log1pf8_u10 (AVX2, libsleef 3.5.1): torch.log1p's. */
@inline export function sleefLog1pf4(x: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return sleefLog1pf4Fused(x);
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
