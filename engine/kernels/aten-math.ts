// exp / log / log1p exactly as PyTorch 1.13 (Debian, CPU capability AVX2) computes them, bit for bit.
//  - Vectorized<float/double> (torch.exp/log/log1p on any layout, and the vector body of element-wise kernels)
//    calls libsleef 3.5.1's AVX2 u10 functions, whose polynomials use FMA. WebAssembly SIMD has no FMA, so the
//    Sleef float32 algorithms run here on float64 lanes: a product of two floats is exact in float64, and `rf`
//    rounds each step back to float32, so a float32 fma(a, b, c) becomes rf(a * b + c).
//  - The scalar lambdas (the n % 16 tail of cpu_kernel_vec, and cpu_kernel) call glibc's libm: on an FMA CPU,
//    Debian's glibc 2.36 runs variants compiled with -mfma, so the glibc ports fuse where that machine code does.
// Names say which of the two each function reproduces. See engine/README.md "Last digit: transcendentals".
import { TORCH_SLEEF_LOG1P_BIG, torchFlag } from "./torch-flags";

/**
 * End of the part of n contiguous elements that ATen's cpu_kernel_vec runs through Vectorized (Sleef): whole
 * chunks of 2 * Vec::size() = 16 float32 (AVX2). The last n % 16 elements take the scalar lambda (glibc), even where
 * whole f32x4 vectors would fit.
 */
@inline export function atenVecEndF32(n: i32): i32 {
  return n & ~15;
}

/** As atenVecEndF32 for float64: chunks of 8 elements. */
@inline export function atenVecEndF64(n: i32): i32 {
  return n & ~7;
}

// float64 constants, splatted to two lanes on load (loads beat v128.const in V8's hot loops, see consts.ts).
const CD = memory.data<f64>([
  <f32>1.442695040888963407359924681001892137426645954152985934135449406931, // R_LN2F
  0.693145751953125, // L2UF
  <f32>1.428606765330187045e-06, // L2LF
  <f32>0.000198527617612853646278381, // XE5
  <f32>0.00139304355252534151077271, // XE4
  <f32>0.00833336077630519866943359, // XE3
  <f32>0.0416664853692054748535156, // XE2
  <f32>0.166666671633720397949219, // XE1
  0.5, // XE0
  1.0, // D1
  4503599627371519.0, // P2 = 2^52 + 1023: q + P2 holds q + 1023 in its low mantissa bits
  0.69314718246459960938, // LNX (float)
  <f32>-1.904654323148236017e-09, // LNY
  <f32>0.3027294874, // XL2
  <f32>0.3996108174, // XL1
  <f32>0.6666694880, // XL0
  2.0, // D2
  134217729.0, // SPLIT: Dekker's 2^27 + 1
  1.442695040888963407359924681001892137426645954152985934135449406931, // R_LN2
  0.69314718055966295651160180568695068359375, // L2U
  0.28235290563031577122588448175013436025525412068e-12, // L2L
  0.2081276378237164457e-8, // DE9
  0.2511210703042288022e-7, // DE8
  0.2755762628169491192e-6, // DE7
  0.2755723402025388239e-5, // DE6
  0.2480158687479686264e-4, // DE5
  0.1984126989855865850e-3, // DE4
  0.1388888888914497797e-2, // DE3
  0.8333333333314938210e-2, // DE2
  0.4166666666666602598e-1, // DE1
  0.1666666666666669072e+0, // DE0
  709.78271114955742909217217426, // DEXP_OVER
  -1000.0, // DEXP_UNDER
  6755399441055744.0, // DMAGIC = 2^52 + 2^51: int64 bits added to it read back as float64
  0.693147180559945286226764, // DLNX
  2.319046813846299558417771e-17, // DLNY
  0.1532076988502701353e+0, // DL6
  0.1525629051003428716e+0, // DL5
  0.1818605932937785996e+0, // DL4
  0.2222214519839380009e+0, // DL3
  0.2857142932794299317e+0, // DL2
  0.3999999999635251990e+0, // DL1
  0.6666666666667333541e+0, // DL0
  2.2250738585072014e-308, // DBL_MIN
  18446744073709551616.0, // D2P64
  1.3333333333333333, // D4_3
  Infinity, // DINF
  -Infinity, // DNINF
  NaN, // DNAN
  0.0, // DZERO
  -1.0, // DM1
  1e307, // D1E307
  -0.0, // DNZERO
], 16);
const R_LN2F = 0;
const L2UF = 1;
const L2LF = 2;
const XE5 = 3;
const XE4 = 4;
const XE3 = 5;
const XE2 = 6;
const XE1 = 7;
const XE0 = 8;
const D1 = 9;
const P2 = 10;
const LNX = 11;
const LNY = 12;
const XL2 = 13;
const XL1 = 14;
const XL0 = 15;
const D2 = 16;
const SPLIT = 17;
const R_LN2 = 18;
const L2U = 19;
const L2L = 20;
const DE9 = 21;
const DE8 = 22;
const DE7 = 23;
const DE6 = 24;
const DE5 = 25;
const DE4 = 26;
const DE3 = 27;
const DE2 = 28;
const DE1 = 29;
const DE0 = 30;
const DEXP_OVER = 31;
const DEXP_UNDER = 32;
const DMAGIC = 33;
const DLNX = 34;
const DLNY = 35;
const DL6 = 36;
const DL5 = 37;
const DL4 = 38;
const DL3 = 39;
const DL2 = 40;
const DL1 = 41;
const DL0 = 42;
const DBL_MIN = 43;
const D2P64 = 44;
const D4_3 = 45;
const DINF = 46;
const DNINF = 47;
const DNAN = 48;
const DZERO = 49;
const DM1 = 50;
const D1E307 = 51;
const DNZERO = 52;

// float32 constants, four lanes each.
const CF = memory.data<f32>([
  -104, -104, -104, -104, // EXP_UNDER: Sleef's expf is 0 below
  100, 100, 100, 100, // EXP_OVER: and inf above
  Infinity, Infinity, Infinity, Infinity, // FINF
  1.17549435e-38, 1.17549435e-38, 1.17549435e-38, 1.17549435e-38, // FMIN
  18446744073709551616.0, 18446744073709551616.0, 18446744073709551616.0, 18446744073709551616.0, // F2P64
  <f32>(1.0 / 0.75), <f32>(1.0 / 0.75), <f32>(1.0 / 0.75), <f32>(1.0 / 0.75), // F4_3
  0, 0, 0, 0, // FZERO
  -Infinity, -Infinity, -Infinity, -Infinity, // FNINF
  NaN, NaN, NaN, NaN, // FNAN
  1, 1, 1, 1, // F1
  -1, -1, -1, -1, // FM1
  1e38, 1e38, 1e38, 1e38, // F1E38
  -0.0, -0.0, -0.0, -0.0, // FNZERO
], 16);
const EXP_UNDER = 0;
const EXP_OVER = 1;
const FINF = 2;
const FMIN = 3;
const F2P64 = 4;
const F4_3 = 5;
const FZERO = 6;
const FNINF = 7;
const FNAN = 8;
const F1 = 9;
const FM1 = 10;
const F1E38 = 11;
const FNZERO = 12;

const CI = memory.data<i32>([
  0xff, 0xff, 0xff, 0xff, // I255
  127, 127, 127, 127, // I127
  64, 64, 64, 64, // I64
], 16);
const I255 = 0;
const I127 = 1;
const I64 = 2;

@inline function kd(k: i32): v128 {
  return v128.load64_splat(CD + (<usize>k << 3));
}
@inline function kf(k: i32): v128 {
  return v128.load(CF + (<usize>k << 4));
}
@inline function ki(k: i32): v128 {
  return v128.load(CI + (<usize>k << 4));
}

/** Rounds two float64 lanes to float32 precision (kept as float64). */
@inline function rf(x: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(x));
}

/** float32 fma(a, b, c) on float lanes held as float64: a * b is exact, one rounding of the sum to float32. */
@inline function fmaf(a: v128, b: v128, c: v128): v128 {
  return rf(f64x2.add(f64x2.mul(a, b), c));
}

/** Lanes 2, 3 of a float32 vector as two float64 lanes. */
@inline function promoteHigh(x: v128): v128 {
  return f64x2.promote_low_f32x4(i64x2.shuffle(x, x, 1, 1));
}

/** Two float32 lanes from each of lo, hi (rounded once) as one float32 vector. */
@inline function demote2(lo: v128, hi: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

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

// 2^(k/128) = H[k] (1 + T[k]), k < 128, stored as glibc's exp stores it: bits of T[k], bits of H[k] - (k << 45).
// Generated by scripts/gen-exp-table.py (from 60-digit decimals, not copied).
const EXP_TAB = memory.data<u64>([
  0x0000000000000000, 0x3FF0000000000000,
  0x3C9B3B4F1A88BF6E, 0x3FEFF63DA9FB3335,
  0xBC7160139CD8DC5D, 0x3FEFEC9A3E778061,
  0xBC905E7A108766D1, 0x3FEFE315E86E7F85,
  0x3C8CD2523567F613, 0x3FEFD9B0D3158574,
  0xBC8BCE8023F98EFA, 0x3FEFD06B29DDF6DE,
  0x3C60F74E61E6C861, 0x3FEFC74518759BC8,
  0x3C90A3E45B33D399, 0x3FEFBE3ECAC6F383,
  0x3C979AA65D837B6D, 0x3FEFB5586CF9890F,
  0x3C8EB51A92FDEFFC, 0x3FEFAC922B7247F7,
  0x3C3EBE3D702F9CD1, 0x3FEFA3EC32D3D1A2,
  0xBC6A033489906E0B, 0x3FEF9B66AFFED31B,
  0xBC9556522A2FBD0E, 0x3FEF9301D0125B51,
  0xBC5080EF8C4EEA55, 0x3FEF8ABDC06C31CC,
  0xBC91C923B9D5F416, 0x3FEF829AAEA92DE0,
  0x3C80D3E3E95C55AF, 0x3FEF7A98C8A58E51,
  0xBC801B15EAA59348, 0x3FEF72B83C7D517B,
  0xBC8F1FF055DE323D, 0x3FEF6AF9388C8DEA,
  0x3C8B898C3F1353BF, 0x3FEF635BEB6FCB75,
  0xBC96D99C7611EB26, 0x3FEF5BE084045CD4,
  0x3C9AECF73E3A2F60, 0x3FEF54873168B9AA,
  0xBC8FE782CB86389D, 0x3FEF4D5022FCD91D,
  0x3C8A6F4144A6C38D, 0x3FEF463B88628CD6,
  0x3C807A05B0E4047D, 0x3FEF3F49917DDC96,
  0x3C968EFDE3A8A894, 0x3FEF387A6E756238,
  0x3C875E18F274487D, 0x3FEF31CE4FB2A63F,
  0x3C80472B981FE7F2, 0x3FEF2B4565E27CDD,
  0xBC96B87B3F71085E, 0x3FEF24DFE1F56381,
  0x3C82F7E16D09AB31, 0x3FEF1E9DF51FDEE1,
  0xBC3D219B1A6FBFFA, 0x3FEF187FD0DAD990,
  0x3C8B3782720C0AB4, 0x3FEF1285A6E4030B,
  0x3C6E149289CECB8F, 0x3FEF0CAFA93E2F56,
  0x3C834D754DB0ABB6, 0x3FEF06FE0A31B715,
  0x3C864201E2AC744C, 0x3FEF0170FC4CD831,
  0x3C8FDD395DD3F84A, 0x3FEEFC08B26416FF,
  0xBC86A3803B8E5B04, 0x3FEEF6C55F929FF1,
  0xBC924AEDCC4B5068, 0x3FEEF1A7373AA9CB,
  0xBC9907F81B512D8E, 0x3FEEECAE6D05D866,
  0xBC71D1E83E9436D2, 0x3FEEE7DB34E59FF7,
  0xBC991919B3CE1B15, 0x3FEEE32DC313A8E5,
  0x3C859F48A72A4C6D, 0x3FEEDEA64C123422,
  0xBC9312607A28698A, 0x3FEEDA4504AC801C,
  0xBC58A78F4817895B, 0x3FEED60A21F72E2A,
  0xBC7C2C9B67499A1B, 0x3FEED1F5D950A897,
  0x3C4363ED60C2AC11, 0x3FEECE086061892D,
  0x3C9666093B0664EF, 0x3FEECA41ED1D0057,
  0x3C6ECCE1DAA10379, 0x3FEEC6A2B5C13CD0,
  0x3C93FF8E3F0F1230, 0x3FEEC32AF0D7D3DE,
  0x3C7690CEBB7AAFB0, 0x3FEEBFDAD5362A27,
  0x3C931DBDEB54E077, 0x3FEEBCB299FDDD0D,
  0xBC8F94340071A38E, 0x3FEEB9B2769D2CA7,
  0xBC87DECCDC93A349, 0x3FEEB6DAA2CF6642,
  0xBC78DEC6BD0F385F, 0x3FEEB42B569D4F82,
  0xBC861246EC7B5CF6, 0x3FEEB1A4CA5D920F,
  0x3C93350518FDD78E, 0x3FEEAF4736B527DA,
  0x3C7B98B72F8A9B05, 0x3FEEAD12D497C7FD,
  0x3C9063E1E21C5409, 0x3FEEAB07DD485429,
  0x3C34C7855019C6EA, 0x3FEEA9268A5946B7,
  0x3C9432E62B64C035, 0x3FEEA76F15AD2148,
  0xBC8CE44A6199769F, 0x3FEEA5E1B976DC09,
  0xBC8C33C53BEF4DA8, 0x3FEEA47EB03A5585,
  0xBC845378892BE9AE, 0x3FEEA34634CCC320,
  0xBC93CEDD78565858, 0x3FEEA23882552225,
  0x3C5710AA807E1964, 0x3FEEA155D44CA973,
  0xBC93B3EFBF5E2228, 0x3FEEA09E667F3BCD,
  0xBC6A12AD8734B982, 0x3FEEA012750BDABF,
  0xBC6367EFB86DA9EE, 0x3FEE9FB23C651A2F,
  0xBC80DC3D54E08851, 0x3FEE9F7DF9519484,
  0xBC781F647E5A3ECF, 0x3FEE9F75E8EC5F74,
  0xBC86EE4AC08B7DB0, 0x3FEE9F9A48A58174,
  0xBC8619321E55E68A, 0x3FEE9FEB564267C9,
  0x3C909CCB5E09D4D3, 0x3FEEA0694FDE5D3F,
  0xBC7B32DCB94DA51D, 0x3FEEA11473EB0187,
  0x3C94ECFD5467C06B, 0x3FEEA1ED0130C132,
  0x3C65EBE1ABD66C55, 0x3FEEA2F336CF4E62,
  0xBC88A1C52FB3CF42, 0x3FEEA427543E1A12,
  0xBC9369B6F13B3734, 0x3FEEA589994CCE13,
  0xBC805E843A19FF1E, 0x3FEEA71A4623C7AD,
  0xBC94D450D872576E, 0x3FEEA8D99B4492ED,
  0x3C90AD675B0E8A00, 0x3FEEAAC7D98A6699,
  0x3C8DB72FC1F0EAB4, 0x3FEEACE5422AA0DB,
  0xBC65B6609CC5E7FF, 0x3FEEAF3216B5448C,
  0x3C7BF68359F35F44, 0x3FEEB1AE99157736,
  0xBC93091FA71E3D83, 0x3FEEB45B0B91FFC6,
  0xBC5DA9B88B6C1E29, 0x3FEEB737B0CDC5E5,
  0xBC6C23F97C90B959, 0x3FEEBA44CBC8520F,
  0xBC92434322F4F9AA, 0x3FEEBD829FDE4E50,
  0xBC85CA6CD7668E4B, 0x3FEEC0F170CA07BA,
  0x3C71AFFC2B91CE27, 0x3FEEC49182A3F090,
  0x3C6DD235E10A73BB, 0x3FEEC86319E32323,
  0xBC87C50422622263, 0x3FEECC667B5DE565,
  0x3C8B1C86E3E231D5, 0x3FEED09BEC4A2D33,
  0xBC91BBD1D3BCBB15, 0x3FEED503B23E255D,
  0x3C90CC319CEE31D2, 0x3FEED99E1330B358,
  0x3C8469846E735AB3, 0x3FEEDE6B5579FDBF,
  0xBC82DFCD978E9DB4, 0x3FEEE36BBFD3F37A,
  0x3C8C1A7792CB3387, 0x3FEEE89F995AD3AD,
  0xBC907B8F4AD1D9FA, 0x3FEEEE07298DB666,
  0xBC55C3D956DCAEBA, 0x3FEEF3A2B84F15FB,
  0xBC90A40E3DA6F640, 0x3FEEF9728DE5593A,
  0xBC68D6F438AD9334, 0x3FEEFF76F2FB5E47,
  0xBC91EEE26B588A35, 0x3FEF05B030A1064A,
  0x3C74FFD70A5FDDCD, 0x3FEF0C1E904BC1D2,
  0xBC91BDFBFA9298AC, 0x3FEF12C25BD71E09,
  0x3C736EAE30AF0CB3, 0x3FEF199BDD85529C,
  0x3C8EE3325C9FFD94, 0x3FEF20AB5FFFD07A,
  0x3C84E08FD10959AC, 0x3FEF27F12E57D14B,
  0x3C63CDAF384E1A67, 0x3FEF2F6D9406E7B5,
  0x3C676B2C6C921968, 0x3FEF3720DCEF9069,
  0xBC808A1883CCB5D2, 0x3FEF3F0B555DC3FA,
  0xBC8FAD5D3FFFFA6F, 0x3FEF472D4A07897C,
  0xBC900DAE3875A949, 0x3FEF4F87080D89F2,
  0x3C74A385A63D07A7, 0x3FEF5818DCFBA487,
  0xBC82919E2040220F, 0x3FEF60E316C98398,
  0x3C8E5A50D5C192AC, 0x3FEF69E603DB3285,
  0x3C843A59AC016B4B, 0x3FEF7321F301B460,
  0xBC82D52107B43E1F, 0x3FEF7C97337B9B5F,
  0xBC892AB93B470DC9, 0x3FEF864614F5A129,
  0x3C74B604603A88D3, 0x3FEF902EE78B3FF6,
  0x3C83C5EC519D7271, 0x3FEF9A51FBC74C83,
  0xBC8FF7128FD391F0, 0x3FEFA4AFA2A490DA,
  0xBC8DAE98E223747D, 0x3FEFAF482D8E67F1,
  0x3C8EC3BC41AA2008, 0x3FEFBA1BEE615A27,
  0x3C842B94C3A9EB32, 0x3FEFC52B376BBA97,
  0x3C8A64A931D185EE, 0x3FEFD0765B6E4540,
  0xBC8E37BAE43BE3ED, 0x3FEFDBFDAD9CBE14,
  0x3C77893B4D91CD9D, 0x3FEFE7C1819E90D8,
  0x3C5305C14160CC89, 0x3FEFF3C22B8F71F1,
]);

/**
 * glibc's exp (std::exp on double) as Debian's glibc 2.36 runs it on an FMA CPU (__exp_fma: the fused
 * multiply-adds of that build read off its machine code; Math.exp is the same algorithm without them):
 * x = k ln2/128 + r, e^x = 2^(k/128) e^r with 2^(k/128) from EXP_TAB and e^r - 1 a degree-5 polynomial.
 */
export function glibcExp(x: f64): f64 {
  const ux = reinterpret<u64>(x);
  let abstop = <u32>(ux >> 52) & 0x7ff;
  if (abstop - 0x3c9 >= 0x3f) {
    if (abstop < 0x3c9) return 1 + x; // |x| < 2^-54
    if (abstop >= 0x409) { // |x| >= 1024
      if (ux == 0xfff0000000000000) return 0;
      if (abstop >= 0x7ff) return 1 + x;
      return <i64>ux < 0 ? 0 : Infinity;
    }
    abstop = 0; // 512 <= |x| < 1024: the result may over- or underflow, see expSpecial
  }
  const kds = fma1(x, reinterpret<f64>(0x40671547652B82FE), SHIFT); // x 128 / ln 2 + 1.5 2^52
  const ki = reinterpret<u64>(kds);
  const kd = kds - SHIFT;
  // kd times ln2hi/128 (36 bits) is exact for every kd of |x| < 1024 (checked), so that fma is a multiply-add.
  const r = fma1(kd, reinterpret<f64>(0xBD0CF79ABC9E3B3A), x + kd * reinterpret<f64>(0xBF762E42FEFA0000));
  const idx = <usize>(ki & 127) << 4;
  const tail = reinterpret<f64>(load<u64>(EXP_TAB + idx));
  const sbits = load<u64>(EXP_TAB + idx, 8) + (ki << 45);
  const r2 = r * r;
  const c23 = fma1(r, reinterpret<f64>(0x3FC555555555543C), reinterpret<f64>(0x3FDFFFFFFFFFFDBD));
  const c45 = fma1(r, reinterpret<f64>(0x3F81111167A4D017), reinterpret<f64>(0x3FA55555CF172B91));
  const tmp = fma1(r2 * r2, c45, fma1(r2, c23, tail + r));
  if (abstop == 0) return expSpecial(tmp, sbits, ki);
  const scale = reinterpret<f64>(sbits);
  return fma1(scale, tmp, scale);
}
const SHIFT = reinterpret<f64>(0x4338000000000000);

/** glibcExp for 512 <= |x| < 1024: scale's exponent field may have overflowed (k > 0) or the result be subnormal. */
function expSpecial(tmp: f64, sbits: u64, ki: u64): f64 {
  if ((ki & 0x80000000) == 0) {
    const s = reinterpret<f64>(sbits - (<u64>1009 << 52));
    return fma1(s, tmp, s) * reinterpret<f64>(0x7F00000000000000); // 2^1009
  }
  const scale = reinterpret<f64>(sbits + (<u64>1022 << 52));
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    // Round y to double precision before scaling it into the subnormal range (one rounding, not two).
    const hi = 1 + y;
    const lo = ((1 - hi) + y) + ((scale - y) + st);
    y = (lo + hi) - 1;
    if (y == 0) y = 0;
  }
  return y * reinterpret<f64>(0x0010000000000000); // 2^-1022
}

/**
 * glibc's log (std::log on double), NOT bit-exact: Math.log is the same table-driven algorithm (ARM's optimized
 * routines) without the fused multiply-adds of Debian's __log_fma, which also uses fma(z, invc, -1) where this
 * subtracts a split c. They differ in the last bit for about 2 inputs in 1e5 (see engine/README.md). Matching
 * it needs glibc's table of 1/c, log c, whose entries were chosen by a search and cannot be regenerated here.
 */
@inline export function glibcLog(x: f64): f64 {
  if (ASC_SHRINK_LEVEL > 0) ERROR("glibcLog needs Math.log's table-driven variant (--shrinkLevel 0)");
  return Math.log(x);
}

/** fma(a, b, c) for float64 scalars (Dekker's TwoProduct + TwoSum, as fmaHL), for glibc's FMA builds. */
@inline function fma1(a: f64, b: f64, c: f64): f64 {
  let t = a * 134217729.0;
  const ah = t - (t - a);
  t = b * 134217729.0;
  const bh = t - (t - b);
  const al = a - ah;
  const bl = b - bh;
  const p = a * b;
  const e = (((ah * bh - p) + ah * bl) + al * bh) + al * bl;
  const s = p + c;
  const v = s - p;
  return s + (((p - (s - v)) + (c - v)) + e);
}

/**
 * glibc's log1p (std::log1p on double) as Debian's glibc 2.36 runs it on an FMA CPU (its __log1p_fma variant):
 * fdlibm's algorithm with the compiler's fused multiply-adds where the build contracted them (read off the
 * machine code; musl's Math.log1p is another algorithm). 1 + x = 2^k (1 + f) with a correction c for the
 * rounding of 1 + x, then log(1 + f) = f - hfsq + s (hfsq + R), s = f / (2 + f), R a degree-14 series in s.
 */
export function glibcLog1p(x: f64): f64 {
  const hx = <i32>(reinterpret<u64>(x) >> 32);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0.0;
  let c = 0.0;
  let hu = 0;
  if (hx < 0x3fda827a) { // x < 0.41422 (or negative)
    if (ax >= 0x3ff00000) return x == -1 ? -Infinity : NaN; // x <= -1
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : fma1(-(x * x), 0.5, x); // |x| < 2^-29
    if (hx > 0 || hx <= <i32>0xbfd2bec3) { // -0.2929 < x < 0.41422: no reduction
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) return x + x;
  if (k != 0) {
    let u: f64;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = <i32>(reinterpret<u64>(u) >> 32);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = <i32>(reinterpret<u64>(u) >> 32);
      k = (hu >> 20) - 1023;
    }
    hu &= 0x000fffff;
    const low = reinterpret<u64>(u) & 0xffffffff;
    if (hu < 0x6a09e) {
      u = reinterpret<f64>((<u64>(hu | 0x3ff00000) << 32) | low); // u in [1, sqrt 2)
    } else {
      k += 1;
      u = reinterpret<f64>((<u64>(hu | 0x3fe00000) << 32) | low); // u / 2 in [sqrt(2) / 2, 1)
      hu = (0x00100000 - hu) >> 2; // (fdlibm's: only tested against 0 below)
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  const dk = <f64>k;
  if (hu == 0) { // |f| < 2^-20
    if (f == 0) return k == 0 ? 0 : fma1(dk, LN2_HI_D, fma1(dk, LN2_LO_D, c));
    const r = fma1(-f, 0.66666666666666666, 1) * hfsq;
    return k == 0 ? f - r : fma1(dk, LN2_HI_D, -((r - fma1(dk, LN2_LO_D, c)) - f));
  }
  const s = f / (2 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const r2 = fma1(z, 2.857142874366239149e-01, 3.999999999940941908e-01);
  const r3 = fma1(z, 1.818357216161805012e-01, 2.222219843214978396e-01);
  const r4 = fma1(z, 1.479819860511658591e-01, 1.531383769920937332e-01);
  const r = fma1(z2 * z4, r4, fma1(z4, r3, fma1(z, 6.666666666666735130e-01, z2 * r2)));
  const t = (hfsq + r) * s;
  if (k == 0) return f - (hfsq - t);
  return fma1(dk, LN2_HI_D, -((hfsq - (fma1(dk, LN2_LO_D, c) + t)) - f));
}
const LN2_HI_D = 6.93147180369123816490e-01;
const LN2_LO_D = 1.90821492927058770002e-10;

// 2^(k/32) as float64 bits minus k << 47, k < 32 (glibc's __exp2f_data.tab; scripts/gen-exp-table.py).
const EXP2F_TAB = memory.data<u64>([
  0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
  0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
  0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
  0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
  0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
  0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
  0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
  0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
]);

/**
 * glibc's expf (ATen's scalar std::exp on float) as Debian's glibc 2.36 runs it on an FMA CPU (__expf_fma, whose
 * fused multiply-adds Mathf.exp lacks): in float64, x = k ln2/32 + r, e^x = 2^(k/32) (1 + r + r^2/2 + r^3/6)
 * (a scaled cubic), rounded once to float32.
 */
export function glibcExpf(x: f32): f32 {
  const xd = <f64>x;
  const ux = reinterpret<u32>(x);
  const abstop = (ux >> 20) & 0x7ff;
  if (abstop > 0x42a) { // |x| >= 88 (or inf / NaN)
    if (ux == 0xff800000) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > <f32>88.72283172607422) return Infinity;
    if (x < <f32>-103.97207641601562) return 0;
    if (x < <f32>-103.27892303466797) return reinterpret<f32>(1); // below 1.5 2^-149: the smallest subnormal
  }
  const invLn2N = reinterpret<f64>(0x40471547652B82FE); // 32 / ln 2
  const kds = fma1(xd, invLn2N, SHIFT);
  const ki = reinterpret<u64>(kds);
  const kd = kds - SHIFT;
  const r = fma1(invLn2N, xd, -kd);
  const s = reinterpret<f64>(load<u64>(EXP2F_TAB + (<usize>(ki & 31) << 3)) + (ki << 47));
  const z = fma1(r, reinterpret<f64>(0x3EBC6AF84B912394), reinterpret<f64>(0x3F2EBFCE50FAC4F3));
  const y = fma1(z, r * r, fma1(r, reinterpret<f64>(0x3F962E42FF0C52D6), 1));
  return <f32>(y * s);
}

/**
 * glibc's logf (ATen's scalar std::log on float): Mathf.log is glibc's table-driven algorithm computed in float64;
 * the fused multiply-adds of Debian's __logf_fma never change the float32 result (swept over all 2^32 inputs).
 */
@inline export function glibcLogf(x: f32): f32 {
  if (ASC_SHRINK_LEVEL > 0) ERROR("glibcLogf needs Mathf.log's table-driven variant (--shrinkLevel 0)");
  return Mathf.log(x);
}

/**
 * glibc's log1pf (std::log1p on float): the fdlibm float algorithm, not the one musl (and so Mathf.log1p) ships.
 * 1 + x = 2^k (1 + f) with a correction c for the rounding of 1 + x, then log(1 + f) = f - hfsq + s (hfsq + R)
 * with s = f / (2 + f) and R an odd series in s (degree 14).
 */
export function glibcLog1pf(x: f32): f32 {
  const hx = reinterpret<i32>(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f: f32 = 0;
  let c: f32 = 0;
  let hu = 0;
  if (hx < 0x3ed413d7) { // x < 0.41422 (or negative)
    if (ax >= 0x3f800000) return x == -1 ? -Infinity : NaN; // x <= -1
    if (ax < 0x31000000) return ax < 0x24800000 ? x : x - x * x * <f32>0.5; // |x| < 2^-29
    if (hx > 0 || hx <= <i32>0xbe95f61f) { // -0.2929 < x < 0.41422: no reduction
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7f800000) return x + x;
  if (k != 0) {
    let u: f32;
    if (hx < 0x5a000000) {
      u = <f32>1 + x;
      hu = reinterpret<i32>(u);
      k = (hu >> 23) - 127;
      c = k > 0 ? <f32>1 - (u - x) : x - (u - <f32>1); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = reinterpret<i32>(u);
      k = (hu >> 23) - 127;
    }
    hu &= 0x007fffff;
    if (hu < 0x3504f7) {
      u = reinterpret<f32>(hu | 0x3f800000); // u in [1, sqrt 2)
    } else {
      k += 1;
      u = reinterpret<f32>(hu | 0x3f000000); // u / 2 in [sqrt(2) / 2, 1)
      hu = (0x00800000 - hu) >> 2; // (fdlibm's: only tested against 0 below)
    }
    f = u - <f32>1;
  }
  const hfsq = <f32>0.5 * f * f;
  const fk = <f32>k;
  if (hu == 0) { // |f| < 2^-20
    if (f == 0) return k == 0 ? 0 : fk * LN2_HI_F + (c + fk * LN2_LO_F);
    const r = hfsq * (<f32>1 - <f32>0.66666666666666666 * f);
    return k == 0 ? f - r : fk * LN2_HI_F - ((r - (fk * LN2_LO_F + c)) - f);
  }
  const s = f / (<f32>2 + f);
  const z = s * s;
  const r = z * (<f32>6.6666668653e-01 + z * (<f32>4.0000000596e-01 + z * (<f32>2.8571429849e-01 + z * (<f32>2.2222198546e-01
    + z * (<f32>1.8183572590e-01 + z * (<f32>1.5313838422e-01 + z * <f32>1.4798198640e-01))))));
  if (k == 0) return f - (hfsq - s * (hfsq + r));
  return fk * LN2_HI_F - ((hfsq - (s * (hfsq + r) + (fk * LN2_LO_F + c))) - f);
}
const LN2_HI_F: f32 = 6.9313812256e-01;
const LN2_LO_F: f32 = 9.0580006145e-06;
