// glibc 2.36's libm as Debian runs it on an FMA CPU (the -mfma ifunc variants: __exp_fma, __expf_fma,
// __log1p_fma, ...): what ATen's scalar lambdas call through std::exp / log / log1p. The ports put a fused
// multiply-add exactly where that machine code has one. Tables: glibc-tables.ts (scripts/gen-exp-table.py).
import { EXP2F_TAB, EXP_TAB } from "./glibc-tables";
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
