// SIMD float32 exp / log / log1p (Cephes-style polynomials, about 1 ulp) — AssemblyScript has none.
// NaN propagates, exp overflows to inf past ln(FLT_MAX), log(0) = -inf, log(x < 0) = NaN, log(inf) = inf.

const MAGIC: f32 = 12582912.0; // 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits

@inline export function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** e^x for four lanes. */
@inline export function expv(x: v128): v128 {
  // Clamp so 2^n stays a normal float; lanes past ln(FLT_MAX) become inf below, far negative lanes ~0.
  const xc = f32x4.pmin(f32x4.pmax(x, splat(-87.33654)), splat(88.72283));
  const fx = f32x4.add(f32x4.mul(xc, splat(1.44269504088896341)), splat(MAGIC));
  const n = f32x4.sub(fx, splat(MAGIC));
  // Two-part ln 2 keeps the reduced argument exact.
  let r = f32x4.sub(xc, f32x4.mul(n, splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, splat(-2.12194440e-4)));
  const r2 = f32x4.mul(r, r);
  // p(r) = 1 + r + r^2 (c0 + c1 r + c2 r^2 + c3 r^3 + c4 r^4 + c5 r^5), Estrin.
  const a = f32x4.add(splat(5.0000001201e-1), f32x4.mul(r, splat(1.6666665459e-1)));
  const b = f32x4.add(splat(4.1665795894e-2), f32x4.mul(r, splat(8.3334519073e-3)));
  const c = f32x4.add(splat(1.3981999507e-3), f32x4.mul(r, splat(1.9875691500e-4)));
  const r4 = f32x4.mul(r2, r2);
  const poly = f32x4.add(f32x4.add(a, f32x4.mul(b, r2)), f32x4.mul(c, r4));
  const y = f32x4.add(f32x4.add(f32x4.mul(poly, r2), r), splat(1));
  // 2^(n-1) from the integer in fx's mantissa (n in [-126, 128]), times 2 afterwards.
  const ni = i32x4.sub(fx, f32x4.splat(MAGIC));
  const pow = i32x4.shl(i32x4.add(ni, i32x4.splat(126)), 23);
  const res = f32x4.mul(f32x4.mul(y, pow), splat(2));
  return v128.bitselect(splat(Infinity), res, f32x4.gt(x, splat(88.72283)));
}

/** Natural log for four lanes. */
@inline export function logv(x0: v128): v128 {
  // Subnormals: scale by 2^23 so the exponent split below sees a normal number.
  const tiny = f32x4.lt(x0, splat(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, splat(8388608.0)), x0, tiny);
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  e = f32x4.sub(e, v128.and(tiny, splat(23)));
  // Mantissa in [0.5, 1); move to [sqrt(1/2), sqrt(2)) and adjust the exponent.
  let m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), splat(0.5));
  const small = f32x4.lt(m, splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, splat(1)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), splat(1));
  const z = f32x4.mul(m, m);
  const z2 = f32x4.mul(z, z);
  // Cephes logf polynomial (degree 8), Estrin.
  const p01 = f32x4.add(splat(3.3333331174e-1), f32x4.mul(m, splat(-2.4999993993e-1)));
  const p23 = f32x4.add(splat(2.0000714765e-1), f32x4.mul(m, splat(-1.6668057665e-1)));
  const p45 = f32x4.add(splat(1.4249322787e-1), f32x4.mul(m, splat(-1.2420140846e-1)));
  const p67 = f32x4.add(splat(1.1676998740e-1), f32x4.mul(m, splat(-1.1514610310e-1)));
  const p8 = splat(7.0376836292e-2);
  const lo = f32x4.add(p01, f32x4.mul(p23, z));
  const hi = f32x4.add(f32x4.add(p45, f32x4.mul(p67, z)), f32x4.mul(p8, z2));
  const poly = f32x4.add(lo, f32x4.mul(hi, z2));
  let y = f32x4.mul(f32x4.mul(poly, m), z);
  y = f32x4.add(y, f32x4.mul(e, splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, splat(0.5)));
  let r = f32x4.add(f32x4.add(m, y), f32x4.mul(e, splat(0.693359375)));
  // Special values: x < 0 or NaN -> NaN, 0 -> -inf, inf -> inf.
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x0, splat(0)));
  r = v128.bitselect(splat(Infinity), r, f32x4.eq(x0, splat(Infinity)));
  return v128.bitselect(r, splat(NaN), f32x4.ge(x0, splat(0)));
}

/** log(1 + t), accurate for small t: log(u) - ((u - 1) - t) / u with u = 1 + t. */
@inline export function log1pv(t: v128): v128 {
  const u = f32x4.add(t, splat(1));
  const c = f32x4.div(f32x4.sub(f32x4.sub(u, splat(1)), t), u);
  // The correction is NaN only where u is 0 or inf (then it must vanish) or t is NaN (log is NaN anyway).
  return f32x4.sub(logv(u), v128.and(c, f32x4.eq(c, c)));
}

/**
 * log(1 + t) for t in [0, 1] (NaN passes through): 2 atanh(s) with s = t / (2 + t) <= 1/3, a short odd series
 * (truncation below 2e-8 relative). About a quarter of logv's work: used for softplus, where t = exp(-|x|).
 */
@inline export function log1p01v(t: v128): v128 {
  const s = f32x4.div(t, f32x4.add(t, splat(2)));
  const q = f32x4.mul(s, s);
  const q2 = f32x4.mul(q, q);
  const q4 = f32x4.mul(q2, q2);
  const a = f32x4.add(splat(1), f32x4.mul(q, splat(<f32>(1.0 / 3))));
  const b = f32x4.add(splat(<f32>(1.0 / 5)), f32x4.mul(q, splat(<f32>(1.0 / 7))));
  const c = f32x4.add(f32x4.add(splat(<f32>(1.0 / 9)), f32x4.mul(q, splat(<f32>(1.0 / 11)))), f32x4.mul(q2, splat(<f32>(1.0 / 13))));
  const p = f32x4.add(f32x4.add(a, f32x4.mul(q2, b)), f32x4.mul(q4, c));
  return f32x4.mul(f32x4.add(s, s), p);
}

/** 1 where the lane is > 0, -1 where < 0, 0 at ±0 and at NaN (L1's gradient in PyTorch). */
@inline export function signv(d: v128): v128 {
  return v128.or(v128.and(f32x4.gt(d, splat(0)), splat(1)), v128.and(f32x4.lt(d, splat(0)), splat(-1)));
}
