// glibc 2.36's libm as Debian runs it on an FMA CPU (the -mfma ifunc variants: __exp_fma, __expf_fma,
// __log1p_fma, ...): what ATen's scalar lambdas call through std::exp / log / log1p. The ports put a fused
// multiply-add exactly where that machine code has one. Tables: glibc-tables.ts (scripts/gen-exp-table.py).
import { EXP2F_TAB, EXP_TAB } from "./glibc-tables";
import { fmaF64Bounded } from "./mathT";
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
  const kds = fmaF64Bounded(x, reinterpret<f64>(0x40671547652B82FE), SHIFT); // x 128 / ln 2 + 1.5 2^52
  const ki = reinterpret<u64>(kds);
  const kd = kds - SHIFT;
  // kd times ln2hi/128 (36 bits) is exact for every kd of |x| < 1024 (checked), so that fma is a multiply-add.
  const r = fmaF64Bounded(kd, reinterpret<f64>(0xBD0CF79ABC9E3B3A), x + kd * reinterpret<f64>(0xBF762E42FEFA0000));
  const idx = <usize>(ki & 127) << 4;
  const tail = reinterpret<f64>(load<u64>(EXP_TAB + idx));
  const sbits = load<u64>(EXP_TAB + idx, 8) + (ki << 45);
  const r2 = r * r;
  const c23 = fmaF64Bounded(r, reinterpret<f64>(0x3FC555555555543C), reinterpret<f64>(0x3FDFFFFFFFFFFDBD));
  const c45 = fmaF64Bounded(r, reinterpret<f64>(0x3F81111167A4D017), reinterpret<f64>(0x3FA55555CF172B91));
  const tmp = fmaF64Bounded(r2 * r2, c45, fmaF64Bounded(r2, c23, tail + r));
  if (abstop == 0) return expSpecial(tmp, sbits, ki);
  const scale = reinterpret<f64>(sbits);
  return fmaF64Bounded(scale, tmp, scale);
}
const SHIFT = reinterpret<f64>(0x4338000000000000);

/** glibcExp for 512 <= |x| < 1024: scale's exponent field may have overflowed (k > 0) or the result be subnormal. */
function expSpecial(tmp: f64, sbits: u64, ki: u64): f64 {
  if ((ki & 0x80000000) == 0) {
    const s = reinterpret<f64>(sbits - (<u64>1009 << 52));
    return fmaF64Bounded(s, tmp, s) * reinterpret<f64>(0x7F00000000000000); // 2^1009
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
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : fmaF64Bounded(-(x * x), 0.5, x); // |x| < 2^-29
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
    if (f == 0) return k == 0 ? 0 : fmaF64Bounded(dk, LN2_HI_D, fmaF64Bounded(dk, LN2_LO_D, c));
    const r = fmaF64Bounded(-f, 0.66666666666666666, 1) * hfsq;
    return k == 0 ? f - r : fmaF64Bounded(dk, LN2_HI_D, -((r - fmaF64Bounded(dk, LN2_LO_D, c)) - f));
  }
  const s = f / (2 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const r2 = fmaF64Bounded(z, 2.857142874366239149e-01, 3.999999999940941908e-01);
  const r3 = fmaF64Bounded(z, 1.818357216161805012e-01, 2.222219843214978396e-01);
  const r4 = fmaF64Bounded(z, 1.479819860511658591e-01, 1.531383769920937332e-01);
  const r = fmaF64Bounded(z2 * z4, r4, fmaF64Bounded(z4, r3, fmaF64Bounded(z, 6.666666666666735130e-01, z2 * r2)));
  const t = (hfsq + r) * s;
  if (k == 0) return f - (hfsq - t);
  return fmaF64Bounded(dk, LN2_HI_D, -((hfsq - (fmaF64Bounded(dk, LN2_LO_D, c) + t)) - f));
}
const LN2_HI_D = 6.93147180369123816490e-01;
const LN2_LO_D = 1.90821492927058770002e-10;

// glibcExpf's ranges: overflow above EXPF_OVER, +0 below EXPF_ZERO, the smallest subnormal below EXPF_TINY.
const EXPF_OVER: f32 = 88.72283172607422;
const EXPF_ZERO: f32 = -103.97207641601562;
const EXPF_TINY: f32 = -103.27892303466797;

/** -1 in the lanes of x below EXPF_ZERO (their exp is +0, -inf included). */
@inline function expfZeroLanes(x: v128): v128 {
  return f32x4.lt(x, f32x4.splat(EXPF_ZERO));
}

/** -1 in the lanes of x on glibcExpf's main path (expfHalf's range). */
@inline function expfMainLanes(x: v128): v128 {
  return v128.and(f32x4.ge(x, f32x4.splat(EXPF_TINY)), f32x4.le(x, f32x4.splat(EXPF_OVER)));
}

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
    if (x > EXPF_OVER) return Infinity;
    if (x < EXPF_ZERO) return 0;
    if (x < EXPF_TINY) return reinterpret<f32>(1); // below 1.5 2^-149: the smallest subnormal
  }
  const invLn2N = reinterpret<f64>(0x40471547652B82FE); // 32 / ln 2
  const kds = fmaF64Bounded(xd, invLn2N, SHIFT);
  const ki = reinterpret<u64>(kds);
  const kd = kds - SHIFT;
  const r = fmaF64Bounded(invLn2N, xd, -kd);
  const s = reinterpret<f64>(load<u64>(EXP2F_TAB + (<usize>(ki & 31) << 3)) + (ki << 47));
  const z = fmaF64Bounded(r, reinterpret<f64>(0x3EBC6AF84B912394), reinterpret<f64>(0x3F2EBFCE50FAC4F3));
  const y = fmaF64Bounded(z, r * r, fmaF64Bounded(r, reinterpret<f64>(0x3F962E42FF0C52D6), 1));
  return <f32>(y * s);
}

/** glibcExpf's main path on two float64 lanes (inputs in [-103.28, 88.72]). */
@inline function expfHalf(xd: v128): v128 {
  const invLn2N = f64x2.splat(reinterpret<f64>(0x40471547652B82FE));
  const shift = f64x2.splat(SHIFT);
  let kds: v128, kd: v128, r: v128;
  if (ASC_FEATURE_RELAXED_SIMD) {
    // The hosts that load this build fuse relaxed_madd (engine/api/wasm.ts): glibc's fmas.
    kds = f64x2.relaxed_madd(xd, invLn2N, shift);
    kd = f64x2.sub(kds, shift);
    r = f64x2.relaxed_madd(invLn2N, xd, f64x2.neg(kd));
  } else {
    // The two fmas without Dekker's general split: 32/ln2 = hi + lo (26 bits each), so x·hi and x·lo are exact
    // for a float32 x, and so is x·hi - k. k from (x·hi + x·lo) + shift: the sum's rounding (below 2^-41) could
    // only move k for a product within 2^-41 of a half-integer, and no float32 input's result changes (all 2^32
    // inputs equal glibcExpf's). r = (x·hi - k) + x·lo is then one rounding of the exact x·32/ln2 - k, the fma's.
    const p1 = f64x2.mul(xd, f64x2.splat(reinterpret<f64>(0x4047154768000000)));
    const p2 = f64x2.mul(xd, f64x2.splat(reinterpret<f64>(0xBE96A3E810000000)));
    kds = f64x2.add(f64x2.add(p1, p2), shift);
    kd = f64x2.sub(kds, shift);
    r = f64x2.add(f64x2.sub(p1, kd), p2);
  }
  const tab = f64x2.replace_lane(
    f64x2.splat(load<f64>(EXP2F_TAB + (<usize>(i64x2.extract_lane(kds, 0) & 31) << 3))),
    1,
    load<f64>(EXP2F_TAB + (<usize>(i64x2.extract_lane(kds, 1) & 31) << 3)),
  );
  const s = i64x2.add(tab, i64x2.shl(kds, 47));
  const c3 = f64x2.splat(reinterpret<f64>(0x3EBC6AF84B912394));
  const c2 = f64x2.splat(reinterpret<f64>(0x3F2EBFCE50FAC4F3));
  const c1 = f64x2.splat(reinterpret<f64>(0x3F962E42FF0C52D6));
  let y: v128;
  if (ASC_FEATURE_RELAXED_SIMD) {
    y = f64x2.relaxed_madd(f64x2.relaxed_madd(r, c3, c2), f64x2.mul(r, r), f64x2.relaxed_madd(r, c1, f64x2.splat(1)));
  } else {
    // Unfused here: the polynomial's fmas never change the float32 result (all 2^32 inputs, engine/README.md).
    y = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(r, c3), c2), f64x2.mul(r, r)), f64x2.add(f64x2.mul(r, c1), f64x2.splat(1)));
  }
  return f32x4.demote_f64x2_zero(f64x2.mul(y, s));
}

/**
 * glibcExpf on four lanes, bit for bit (all 2^32 inputs: test/kernels/aten-test.ts expf4_mismatches), inline: its
 * float64 operations in two f64x2 halves. Lanes below EXPF_ZERO (-inf too) give +0; a vector with a lane that
 * glibc treats apart (NaN, +inf, the overflow and smallest-subnormal ranges) goes through the scalar function.
 */
@inline export function glibcExpf4(x: v128): v128 {
  const zero = expfZeroLanes(x);
  const main = expfMainLanes(x);
  if (!i32x4.all_true(v128.or(zero, main))) return glibcExpf4Lanes(x);
  const lo = expfHalf(f64x2.promote_low_f32x4(x));
  const hi = expfHalf(f64x2.promote_low_f32x4(i64x2.shuffle(x, x, 1, 1)));
  return v128.andnot(i64x2.shuffle(lo, hi, 0, 2), zero);
}

/** glibcExpf4 on lanes 1 and 3 only (one float64 half), +0 in lanes 0 and 2: for terms present on odd lanes only. */
@inline export function glibcExpf4Odd(x: v128): v128 {
  const xo = i32x4.shuffle(x, x, 1, 3, 1, 3);
  const zero = expfZeroLanes(xo);
  const main = expfMainLanes(xo);
  if (i64x2.extract_lane(v128.or(zero, main), 0) != -1) return glibcExpf4OddLanes(x);
  const r = v128.andnot(expfHalf(f64x2.promote_low_f32x4(xo)), zero);
  return i32x4.shuffle(r, r, 2, 0, 3, 1); // expfHalf's lanes 2 and 3 are +0
}

function glibcExpf4OddLanes(x: v128): v128 {
  const r = f32x4.replace_lane(f32x4.splat(0), 1, glibcExpf(f32x4.extract_lane(x, 1)));
  return f32x4.replace_lane(r, 3, glibcExpf(f32x4.extract_lane(x, 3)));
}

/** glibcExpf4 out of line (one copy per module): for rare paths, where inlining would only cost code size. */
export function glibcExpf4Call(x: v128): v128 {
  return glibcExpf4(x);
}

function glibcExpf4Lanes(x: v128): v128 {
  let r = f32x4.splat(glibcExpf(f32x4.extract_lane(x, 0)));
  r = f32x4.replace_lane(r, 1, glibcExpf(f32x4.extract_lane(x, 1)));
  r = f32x4.replace_lane(r, 2, glibcExpf(f32x4.extract_lane(x, 2)));
  return f32x4.replace_lane(r, 3, glibcExpf(f32x4.extract_lane(x, 3)));
}

/**
 * glibc's logf (ATen's scalar std::log on float): Mathf.log is glibc's table-driven algorithm computed in float64;
 * the fused multiply-adds of Debian's __logf_fma never change the float32 result (swept over all 2^32 inputs).
 */
@inline export function glibcLogf(x: f32): f32 {
  if (ASC_SHRINK_LEVEL > 0) ERROR("glibcLogf needs Mathf.log's table-driven variant (--shrinkLevel 0)");
  return Mathf.log(x);
}

// glibcLogf's table (glibc's and musl's logf_data: 16 pairs of 1/c and log c), the one Mathf.log reads, declared
// again here (AssemblyScript keeps its copy private: std/assembly/util/math.ts, LOGF_DATA_TAB) so that four
// lanes can index it.
const LOGF_TAB = memory.data<u64>([
  0x3FF661EC79F8F3BE, 0xBFD57BF7808CAADE, 0x3FF571ED4AAF883D, 0xBFD2BEF0A7C06DDB,
  0x3FF49539F0F010B0, 0xBFD01EAE7F513A67, 0x3FF3C995B0B80385, 0xBFCB31D8A68224E9,
  0x3FF30D190C8864A5, 0xBFC6574F0AC07758, 0x3FF25E227B0B8EA0, 0xBFC1AA2BC79C8100,
  0x3FF1BB4A4A1A343F, 0xBFBA4E76CE8C0E5E, 0x3FF12358F08AE5BA, 0xBFB1973C5A611CCC,
  0x3FF0953F419900A7, 0xBFA252F438E10C1E, 0x3FF0000000000000, 0,
  0x3FEE608CFD9A47AC, 0x3FAAA5AA5DF25984, 0x3FECA4B31F026AA0, 0x3FBC5E53AA362EB4,
  0x3FEB2036576AFCE6, 0x3FC526E57720DB08, 0x3FE9C2D163A1AA2D, 0x3FCBC2860D224770,
  0x3FE886E6037841ED, 0x3FD1058BC8A07EE1, 0x3FE767DCF5534862, 0x3FD4043057B6EE09,
]);

/** Mathf.log's steps after the table lookup, on two lanes (z, k and the table index i of each as given). */
@inline function logfHalf(z: v128, k: v128, i0: u32, i1: u32): v128 {
  const Ln2 = f64x2.splat(reinterpret<f64>(0x3FE62E42FEFA39EF));
  const invc = f64x2.replace_lane(f64x2.splat(load<f64>(LOGF_TAB + (<usize>i0 << 4))), 1, load<f64>(LOGF_TAB + (<usize>i1 << 4)));
  const logc = f64x2.replace_lane(f64x2.splat(load<f64>(LOGF_TAB + (<usize>i0 << 4), 8)), 1, load<f64>(LOGF_TAB + (<usize>i1 << 4), 8));
  const r = f64x2.sub(f64x2.mul(z, invc), f64x2.splat(1));
  const y0 = f64x2.add(logc, f64x2.mul(k, Ln2));
  const r2 = f64x2.mul(r, r);
  let y = f64x2.add(f64x2.mul(f64x2.splat(reinterpret<f64>(0x3FD5575B0BE00B6A)), r), f64x2.splat(reinterpret<f64>(0xBFDFFFFEF20A4123)));
  y = f64x2.add(y, f64x2.mul(f64x2.splat(reinterpret<f64>(0xBFD00EA348B88334)), r2));
  return f64x2.add(f64x2.mul(y, r2), f64x2.add(y0, r));
}

/**
 * glibcLogf on four lanes, bit for bit (all 2^32 inputs: test/kernels/aten-test.ts logf4_mismatches): Mathf.log's
 * float64 operations per lane (two f64x2 halves), its table read lane by lane. A vector with a lane outside the
 * normal positive floats (0, subnormal, negative, inf, NaN) goes through the scalar function lane by lane.
 */
@inline export function glibcLogf4(x: v128): v128 {
  return glibcLogf4Impl(x);
}

// The body of glibcLogf4, out of line (one copy per module).
function glibcLogf4Impl(x: v128): v128 {
  return glibcLogf4Inline(x);
}

/** glibcLogf4 inlined into its caller (about 0.4 KB of code each): for hot loops whose live vectors a call would spill. */
@inline export function glibcLogf4Inline(x: v128): v128 {
  if (v128.any_true(i32x4.ge_u(i32x4.sub(x, i32x4.splat(0x00800000)), i32x4.splat(0x7F000000)))) return glibcLogf4Lanes(x);
  // x = 2^k z with z in [OFF, 2 OFF); the subinterval's index i picks c.
  const tmp = i32x4.sub(x, i32x4.splat(0x3F330000));
  const i = v128.and(i32x4.shr_u(tmp, 19), i32x4.splat(15));
  const k = i32x4.shr_s(tmp, 23);
  const iz = i32x4.sub(x, v128.and(tmp, i32x4.splat(0x1FF << 23)));
  const lo = logfHalf(f64x2.promote_low_f32x4(iz), f64x2.convert_low_i32x4_s(k), i32x4.extract_lane(i, 0), i32x4.extract_lane(i, 1));
  const hi = logfHalf(
    f64x2.promote_low_f32x4(i64x2.shuffle(iz, iz, 1, 1)),
    f64x2.convert_low_i32x4_s(i64x2.shuffle(k, k, 1, 1)),
    i32x4.extract_lane(i, 2),
    i32x4.extract_lane(i, 3),
  );
  return i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

function glibcLogf4Lanes(x: v128): v128 {
  let r = f32x4.splat(glibcLogf(f32x4.extract_lane(x, 0)));
  r = f32x4.replace_lane(r, 1, glibcLogf(f32x4.extract_lane(x, 1)));
  r = f32x4.replace_lane(r, 2, glibcLogf(f32x4.extract_lane(x, 2)));
  return f32x4.replace_lane(r, 3, glibcLogf(f32x4.extract_lane(x, 3)));
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
