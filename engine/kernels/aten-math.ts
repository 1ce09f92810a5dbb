// exp / log / log1p exactly as PyTorch 1.13 (Debian, CPU capability AVX2) computes them, bit for bit.
//  - Vectorized<float/double> (torch.exp/log/log1p on any layout, and the vector body of element-wise kernels)
//    calls libsleef 3.5.1's AVX2 u10 functions, whose polynomials use FMA. WebAssembly SIMD has no FMA, so the
//    Sleef float32 algorithms run here on float64 lanes: a product of two floats is exact in float64, and `rf`
//    rounds each step back to float32, so a float32 fma(a, b, c) becomes rf(a * b + c).
//  - The scalar lambdas (the n % 16 tail of cpu_kernel_vec, and cpu_kernel) call glibc's expf/logf/log1pf.
// Names say which of the two each function reproduces. See engine/README.md "Last digit: transcendentals".

// float64 constants, two lanes each (loads beat v128.const in V8's hot loops, see consts.ts).
const CD = memory.data<f64>([
  <f32>1.442695040888963407359924681001892137426645954152985934135449406931, 0, // R_LN2F
  0.693145751953125, 0, // L2UF
  <f32>1.428606765330187045e-06, 0, // L2LF
  <f32>0.000198527617612853646278381, 0, // XE5
  <f32>0.00139304355252534151077271, 0, // XE4
  <f32>0.00833336077630519866943359, 0, // XE3
  <f32>0.0416664853692054748535156, 0, // XE2
  <f32>0.166666671633720397949219, 0, // XE1
  0.5, 0, // XE0
  1.0, 0, // D1
  4503599627371519.0, 0, // P2 = 2^52 + 1023: q + P2 holds q + 1023 in its low mantissa bits
  0.69314718246459960938, 0, // LNX (float)
  <f32>-1.904654323148236017e-09, 0, // LNY
  <f32>0.3027294874, 0, // XL2
  <f32>0.3996108174, 0, // XL1
  <f32>0.6666694880, 0, // XL0
  2.0, 0, // D2
  134217729.0, 0, // SPLIT: Dekker's 2^27 + 1
  1.442695040888963407359924681001892137426645954152985934135449406931, 0, // R_LN2
  0.69314718055966295651160180568695068359375, 0, // L2U
  0.28235290563031577122588448175013436025525412068e-12, 0, // L2L
  0.2081276378237164457e-8, 0, // DE9
  0.2511210703042288022e-7, 0, // DE8
  0.2755762628169491192e-6, 0, // DE7
  0.2755723402025388239e-5, 0, // DE6
  0.2480158687479686264e-4, 0, // DE5
  0.1984126989855865850e-3, 0, // DE4
  0.1388888888914497797e-2, 0, // DE3
  0.8333333333314938210e-2, 0, // DE2
  0.4166666666666602598e-1, 0, // DE1
  0.1666666666666669072e+0, 0, // DE0
  709.78271114955742909217217426, 0, // DEXP_OVER
  -1000.0, 0, // DEXP_UNDER
  6755399441055744.0, 0, // DMAGIC = 2^52 + 2^51: int64 bits added to it read back as float64
  0.693147180559945286226764, 0, // DLNX
  2.319046813846299558417771e-17, 0, // DLNY
  0.1532076988502701353e+0, 0, // DL6
  0.1525629051003428716e+0, 0, // DL5
  0.1818605932937785996e+0, 0, // DL4
  0.2222214519839380009e+0, 0, // DL3
  0.2857142932794299317e+0, 0, // DL2
  0.3999999999635251990e+0, 0, // DL1
  0.6666666666667333541e+0, 0, // DL0
  2.2250738585072014e-308, 0, // DBL_MIN
  18446744073709551616.0, 0, // D2P64
  1.3333333333333333, 0, // D4_3
  Infinity, 0, // DINF
  -Infinity, 0, // DNINF
  NaN, 0, // DNAN
  0.0, 0, // DZERO
  -1.0, 0, // DM1
  1e307, 0, // D1E307
  -0.0, 0, // DNZERO
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
  return v128.load64_splat(CD + (<usize>k << 4));
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
 * x = n / (dx + dy), rounded once at the end.
 */
@inline function sleefLogdCore(n: v128, dx: v128, dy: v128, e: v128): v128 {
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
  const a = v128.bitselect(kd(DINF), r, f64x2.gt(x, kd(D1E307)));
  const b = v128.or(a, f64x2.gt(kd(DM1), x));
  const c = v128.bitselect(kd(DNINF), b, f64x2.eq(x, kd(DM1)));
  return v128.bitselect(x, c, i64x2.eq(x, kd(DNZERO)));
}

/** log(1 + x) for two float64 lanes, bit-identical to Sleef_log1pd4_u10 (AVX2, libsleef 3.5.1): torch.log1p's. */
@inline export function sleefLog1pd2(x: v128): v128 {
  return sleefLog1pd2Impl(x);
}

/** glibc's exp (std::exp on double). */
@inline export function glibcExp(x: f64): f64 {
  return Math.exp(x);
}

/** glibc's log (std::log on double). */
@inline export function glibcLog(x: f64): f64 {
  return Math.log(x);
}

/** glibc's log1p (std::log1p on double). */
@inline export function glibcLog1p(x: f64): f64 {
  return Math.log1p(x);
}

/** glibc's expf (what ATen's scalar loops call through std::exp). */
@inline export function glibcExpf(x: f32): f32 {
  return Mathf.exp(x);
}

/** glibc's logf (std::log on float). */
@inline export function glibcLogf(x: f32): f32 {
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
