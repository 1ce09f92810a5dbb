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

/** e^x for four float32 lanes, bit-identical to Sleef_expf8_u10 (AVX2, libsleef 3.5.1): torch.exp's float32. */
export function sleefExpf4(x: v128): v128 {
  const r = demote2(sleefExpfCore(f64x2.promote_low_f32x4(x)), sleefExpfCore(promoteHigh(x)));
  return v128.bitselect(kf(FINF), v128.andnot(r, f32x4.lt(x, kf(EXP_UNDER))), f32x4.gt(x, kf(EXP_OVER)));
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

/** Natural log for four float32 lanes, bit-identical to Sleef_logf8_u10 (AVX2, libsleef 3.5.1): torch.log's float32. */
export function sleefLogf4(x: v128): v128 {
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

/** log(1 + x) for four float32 lanes, bit-identical to Sleef_log1pf8_u10 (AVX2, libsleef 3.5.1): torch.log1p's. */
export function sleefLog1pf4(x: v128): v128 {
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
