// Sleef 3.5.1's AVX2 u10 float64 exp / log / log1p (what Vectorized<double> calls), two lanes, bit for bit.
import {
  D1, D1E307, D2, D2P64, D4_3, DBL_MIN, DE0, DE1, DE2, DE3, DE4, DE5, DE6, DE7, DE8, DE9, DEXP_OVER,
  DEXP_UNDER, DINF, DL0, DL1, DL2, DL3, DL4, DL5, DL6, DLNX, DLNY, DM1, DMAGIC, DNAN, DNINF, DNZERO, DZERO,
  L2L, L2U, P2, R_LN2, SPLIT, XE0, kd,
} from "./sleef-common";
import { glibcLog } from "./glibc";
import { TORCH_SLEEF_LOG1P_BIG, torchFlag } from "./torch-flags";

// ---- float64: Sleef's AVX2 4-lane u10 functions use FMA (ENABLE_FMA_DP). An exact float64 fma needs the product's
// rounding error: Dekker's split gives it (TwoProduct), Knuth's TwoSum adds the addend exactly, and one final
// rounding of s + (t + e) is the fma's result (the inner addition can only matter on exact ties of the sum, far
// below the 2^-53 relative error terms involved: never seen on the sweeps).

/** Dekker's upper half of a (26 bits), so that a = hi + (a - hi) and products of halves are exact. */
@inline function hiHalf(a: v128): v128 {
  const t = f64x2.mul(a, kd(SPLIT));
  return f64x2.sub(t, f64x2.sub(t, a));
}

/** fma(a, b, c) for float64 lanes, given Dekker upper halves ah, bh of a and b. */
@inline function fmaHL(a: v128, ah: v128, b: v128, bh: v128, c: v128): v128 {
  // engine-fma.wasm (a host that fuses): the hardware's fma; the halves are then dead code.
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  const p = f64x2.mul(a, b);
  const al = f64x2.sub(a, ah);
  const bl = f64x2.sub(b, bh);
  // e = a b - p exactly.
  const e = f64x2.add(
    f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)), f64x2.mul(al, bh)),
    f64x2.mul(al, bl),
  );
  // s + t = p + c exactly.
  const s = f64x2.add(p, c);
  const v = f64x2.sub(s, p);
  const t = f64x2.add(f64x2.sub(p, f64x2.sub(s, v)), f64x2.sub(c, v));
  return f64x2.add(s, f64x2.add(t, e));
}

/** fma(a, b, c) for float64 lanes. */
@inline function fmad(a: v128, b: v128, c: v128): v128 {
  return fmaHL(a, hiHalf(a), b, hiHalf(b), c);
}

/** Polynomial c3 x^3 + c2 x^2 + c1 x + c0 as Sleef's POLY4 (Estrin, fma), x and x^2 with their upper halves. */
@inline function poly4(x: v128, xh: v128, x2: v128, x2h: v128, c3: i32, c2: i32, c1: i32, c0: i32): v128 {
  const hi = fmaHL(x, xh, kd(c3), hiHalf(kd(c3)), kd(c2));
  return fmaHL(x2, x2h, hi, hiHalf(hi), fmaHL(x, xh, kd(c1), hiHalf(kd(c1)), kd(c0)));
}

/** 2^q for integral float64 lanes q in [-1022, 1023]. */
@inline function pow2d(q: v128): v128 {
  return i64x2.shl(f64x2.add(q, kd(P2)), 52);
}

// The body of sleefExpd2, out of line: about 1 KB of code that every caller would otherwise duplicate.
function sleefExpd2Impl(d: v128): v128 {
  const q = f64x2.nearest(f64x2.mul(d, kd(R_LN2)));
  // fma(q, -L2U, d) is one rounding of an exact product (L2U has 32 bits); the L2L step needs the fma.
  let s = f64x2.sub(d, f64x2.mul(q, kd(L2U)));
  s = fmad(q, f64x2.neg(kd(L2L)), s);
  const s2 = f64x2.mul(s, s);
  const s4 = f64x2.mul(s2, s2);
  const s8 = f64x2.mul(s4, s4);
  const sh = hiHalf(s);
  const s2h = hiHalf(s2);
  const s4h = hiHalf(s4);
  // POLY10 (Estrin with fma), then three Horner steps.
  const p98 = fmaHL(s, sh, kd(DE9), hiHalf(kd(DE9)), kd(DE8));
  const p74 = poly4(s, sh, s2, s2h, DE7, DE6, DE5, DE4);
  const p30 = poly4(s, sh, s2, s2h, DE3, DE2, DE1, DE0);
  const p70 = fmaHL(s4, s4h, p74, hiHalf(p74), p30);
  let u = fmaHL(s8, hiHalf(s8), p98, hiHalf(p98), p70);
  u = fmaHL(u, hiHalf(u), s, sh, kd(XE0));
  u = fmaHL(u, hiHalf(u), s, sh, kd(D1));
  u = fmaHL(u, hiHalf(u), s, sh, kd(D1));
  // u 2^(q>>1) 2^(q - q>>1), two float64 products as in Sleef (the second one rounds subnormal results).
  const qh = f64x2.floor(f64x2.mul(q, kd(XE0)));
  u = f64x2.mul(f64x2.mul(u, pow2d(qh)), pow2d(f64x2.sub(q, qh)));
  u = v128.bitselect(kd(DINF), u, f64x2.gt(d, kd(DEXP_OVER)));
  return v128.andnot(u, f64x2.lt(d, kd(DEXP_UNDER)));
}

/** e^x for two float64 lanes, bit-identical to Sleef_expd4_u10 (AVX2, libsleef 3.5.1): torch.exp's float64. */
@inline export function sleefExpd2(d: v128): v128 {
  return sleefExpd2Impl(d);
}

/** One float64 lane through Sleef (see sleefExpf). */
@inline export function sleefExp(x: f64): f64 {
  return f64x2.extract_lane(sleefExpd2(f64x2.splat(x)), 0);
}

/** a b - RN(a b) exactly (Sleef's fmapn(a, b, p)), given the Dekker upper halves. */
@inline function prodErr(a: v128, ah: v128, b: v128, bh: v128, p: v128): v128 {
  const al = f64x2.sub(a, ah);
  const bl = f64x2.sub(b, bh);
  return f64x2.add(
    f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)), f64x2.mul(al, bh)),
    f64x2.mul(al, bl),
  );
}

/**
 * The double-double log shared by Sleef's log_u10 and log1p_u10 (two float64 lanes): e ln 2 + 2 atanh(x) with
 * x = n / (dx + dy), rounded once at the end. Out of line: log and log1p share its 1.5 KB of code.
 */
function sleefLogdCore(n: v128, dx: v128, dy: v128, e: v128): v128 {
  // x = n / d (Sleef's dddiv with FMA).
  const t = f64x2.div(kd(D1), dx);
  const th = hiHalf(t);
  const nh = hiHalf(n);
  const qx = f64x2.mul(n, t);
  const u = prodErr(t, th, n, nh, qx);
  const v = fmad(f64x2.neg(dy), t, fmaHL(f64x2.neg(dx), hiHalf(f64x2.neg(dx)), t, th, kd(D1)));
  const qy = fmad(qx, v, u);
  // t = POLY7(x^2) (Estrin, fma).
  const x2 = f64x2.mul(qx, qx);
  const x4 = f64x2.mul(x2, x2);
  const x8 = f64x2.mul(x4, x4);
  const x2h = hiHalf(x2);
  const x4h = hiHalf(x4);
  const p64 = fmaHL(x4, x4h, kd(DL6), hiHalf(kd(DL6)), fmaHL(x2, x2h, kd(DL5), hiHalf(kd(DL5)), kd(DL4)));
  const p30 = poly4(x2, x2h, x4, x4h, DL3, DL2, DL1, DL0);
  const p = fmaHL(x8, hiHalf(x8), p64, hiHalf(p64), p30);
  // s = (DLNX, DLNY) e as a double-double, then s += 2x, then s += x^3 p.
  const sx = f64x2.mul(kd(DLNX), e);
  const sy = fmad(kd(DLNY), e, prodErr(kd(DLNX), hiHalf(kd(DLNX)), e, hiHalf(e), sx));
  const x2x = f64x2.add(qx, qx);
  const s2x = f64x2.add(sx, x2x);
  const s2y = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(sx, s2x), x2x), sy), f64x2.add(qy, qy));
  const w = f64x2.mul(f64x2.mul(x2, qx), p);
  const s3x = f64x2.add(s2x, w);
  const s3y = f64x2.add(f64x2.add(f64x2.sub(s2x, s3x), w), s2y);
  return f64x2.add(s3x, s3y);
}

/** ilogb(d * 4/3) of float64 lanes as an int64 pattern (the biased exponent field minus 1023). */
@inline function ilogb43(d: v128): v128 {
  return i64x2.sub(i64x2.shr_u(f64x2.mul(d, kd(D4_3)), 52), i64x2.splat(1023));
}

/** Small int64 lanes (|e| < 2^51) as float64. */
@inline function i64ToF64(e: v128): v128 {
  return f64x2.sub(i64x2.add(e, kd(DMAGIC)), kd(DMAGIC));
}

// The body of sleefLogd2, out of line: about 1 KB of code that every caller would otherwise duplicate.
function sleefLogd2Impl(x: v128): v128 {
  const o = f64x2.lt(x, kd(DBL_MIN));
  const d = v128.bitselect(f64x2.mul(x, kd(D2P64)), x, o);
  let ei = ilogb43(d);
  const m = i64x2.sub(d, i64x2.shl(ei, 52));
  ei = i64x2.sub(ei, v128.and(o, i64x2.splat(64)));
  // n = m - 1 is exact; 1 + m as a float64 plus its exact rounding error (TwoSum).
  const sum = f64x2.add(m, kd(D1));
  const v = f64x2.sub(sum, kd(D1));
  const dy = f64x2.add(f64x2.sub(kd(D1), f64x2.sub(sum, v)), f64x2.sub(m, v));
  const r = sleefLogdCore(f64x2.sub(m, kd(D1)), sum, dy, i64ToF64(ei));
  const a = v128.bitselect(kd(DINF), r, f64x2.eq(x, kd(DINF)));
  const b = v128.bitselect(a, kd(DNAN), f64x2.ge(x, kd(DZERO)));
  return v128.bitselect(kd(DNINF), b, f64x2.eq(x, kd(DZERO)));
}

/** Natural log for two float64 lanes, bit-identical to Sleef_logd4_u10 (AVX2, libsleef 3.5.1): torch.log's float64. */
@inline export function sleefLogd2(x: v128): v128 {
  return sleefLogd2Impl(x);
}

// The body of sleefLog1pd2, out of line: about 1 KB of code that every caller would otherwise duplicate.
function sleefLog1pd2Impl(x: v128): v128 {
  const p1 = f64x2.add(x, kd(D1));
  const o = f64x2.lt(p1, kd(DBL_MIN));
  const d = v128.bitselect(f64x2.mul(p1, kd(D2P64)), p1, o);
  let ei = ilogb43(d);
  const t = i64x2.sub(kd(D1), i64x2.shl(ei, 52));
  ei = i64x2.sub(ei, v128.and(o, i64x2.splat(64)));
  // m = x t + (t - 1): x t is exact, so the fma is one rounding of a sum.
  const m = f64x2.add(f64x2.mul(x, t), f64x2.sub(t, kd(D1)));
  const dx = f64x2.add(m, kd(D2));
  const r = sleefLogdCore(m, dx, f64x2.add(f64x2.sub(kd(D2), dx), m), i64ToF64(ei));
  // x > 1e307 -> inf (Sleef 3.5.1); the newer Sleef of PyTorch 2.x takes log(x) there (glibc's standing in).
  const big = f64x2.gt(x, kd(D1E307));
  const a = v128.bitselect(torchFlag(TORCH_SLEEF_LOG1P_BIG) && v128.any_true(big) ? f64x2(glibcLog(f64x2.extract_lane(x, 0)), glibcLog(f64x2.extract_lane(x, 1))) : kd(DINF), r, big);
  const b = v128.or(a, f64x2.gt(kd(DM1), x));
  const c = v128.bitselect(kd(DNINF), b, f64x2.eq(x, kd(DM1)));
  return v128.bitselect(x, c, i64x2.eq(x, kd(DNZERO)));
}

/** log(1 + x) for two float64 lanes, bit-identical to Sleef_log1pd4_u10 (AVX2, libsleef 3.5.1): torch.log1p's. */
@inline export function sleefLog1pd2(x: v128): v128 {
  return sleefLog1pd2Impl(x);
}

/** One float64 lane through Sleef (see sleefExpf). */
@inline export function sleefLog(x: f64): f64 {
  return f64x2.extract_lane(sleefLogd2(f64x2.splat(x)), 0);
}
@inline export function sleefLog1p(x: f64): f64 {
  return f64x2.extract_lane(sleefLog1pd2(f64x2.splat(x)), 0);
}
