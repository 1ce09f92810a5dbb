// Scalar sqrt / pow typed by the element type T (f32 or f64); exp, log, log1p, abs are in scalar-math.ts.

@inline export function sqrtT<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.sqrt(<f32>x);
  return <T>Math.sqrt(<f64>x);
}

@inline export function powT<T>(x: T, y: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.pow(<f32>x, <f32>y);
  return <T>Math.pow(<f64>x, <f64>y);
}

/**
 * Round-to-odd of s + e (s = RN(x), e = x - s exactly): a float64 from which one more rounding to a narrower
 * format gives the correctly rounded x (Boldo and Melquiond's emulation of fused multiply-add).
 */
@inline function roundOdd(s: f64, e: f64): f64 {
  // Branch-free (selects): the parity of s and the sign of e are data, and mispredicted branches cost glibc's
  // ports several times their arithmetic.
  const bits = reinterpret<i64>(s);
  const toward = select<i64>(1, -1, (e > 0) == (s > 0));
  return reinterpret<f64>(bits + select<i64>(toward, 0, (e != 0) & (e == e) & ((bits & 1) == 0)));
}

/** a·b + c rounded once to float32, as a hardware FMA (the product of two float32 is exact in float64). */
@inline export function fmaF32(a: f32, b: f32, c: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
  const p = <f64>a * <f64>b;
  const s = p + <f64>c;
  const z = s - p;
  return <f32>roundOdd(s, (p - (s - z)) + (<f64>c - z));
}

/** 2^n for n in [-1022, 1023]. */
@inline function pow2(n: i32): f64 {
  return reinterpret<f64>(<i64>(n + 1023) << 52);
}

/** floor(log2 |x|) for a finite nonzero x, subnormals included. */
function exponentOf(x: f64): i32 {
  const e = <i32>(reinterpret<u64>(x) >> 52) & 0x7ff;
  if (e) return e - 1023;
  return (<i32>(reinterpret<u64>(x * 18446744073709551616.0) >> 52) & 0x7ff) - 1087;
}

/** x 2^n, exact whenever the result is a float64 (steps of 2^±1000 between x and it). */
function scaleBy(x: f64, n: i32): f64 {
  for (; n > 1000; n -= 1000) x *= pow2(1000);
  for (; n < -1000; n += 1000) x *= pow2(-1000);
  return x * pow2(n);
}

/** a b + c to 53 bits, rounded to odd (odd = true) or to nearest: the exact product (Dekker) and sum (TwoSum), then
 *  th + RO(tl + pl) (Boldo and Melquiond). Valid while no step overflows or underflows. */
@inline function sumOnce(a: f64, b: f64, c: f64, odd: bool): f64 {
  const ph = a * b;
  let t = 134217729.0 * a; // 2^27 + 1
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729.0 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  const th = c + ph;
  const z = th - c;
  const tl = (c - (th - z)) + (ph - z);
  const s = tl + pl;
  const z2 = s - tl;
  const v = roundOdd(s, (tl - (s - z2)) + (pl - z2));
  const r = th + v;
  if (!odd) return r;
  const z3 = r - th;
  return roundOdd(r, (th - (r - z3)) + (v - z3));
}

/** a·b + c rounded once to float64 where no step can overflow or underflow: |a b| and |c| far inside float64's
 *  range (glibc's polynomial steps; inlined, as a call doubled their cost). */
@inline export function fmaF64Bounded(a: f64, b: f64, c: f64): f64 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.extract_lane(f64x2.relaxed_madd(f64x2.splat(a), f64x2.splat(b), f64x2.splat(c)), 0);
  return sumOnce(a, b, c, false);
}

/**
 * a·b + c rounded once to float64, as a hardware FMA (python/fma.ts's fma, the same steps): a and b scaled to
 * [1, 2) and c with them where a step could overflow or underflow. A result below 2^-1022 is the sum rounded to odd,
 * then to the subnormal quantum: exact except in [2^-1023, 2^-1022), where 53 bits are one too few for that double
 * rounding to be harmless (python/fma.ts rounds the exact sum there; engine/README.md).
 */
export function fmaF64(a: f64, b: f64, c: f64): f64 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.extract_lane(f64x2.relaxed_madd(f64x2.splat(a), f64x2.splat(b), f64x2.splat(c)), 0);
  // Zeros and non-finite values as IEEE has them: an exact zero product adds to c; with c = 0 the rounded product.
  if (!(isFinite(a) && isFinite(b)) || a == 0 || b == 0) return a * b + c;
  if (!isFinite(c)) return c; // a finite a b never overflows inside the fused sum
  if (c == 0) return a * b;
  const ma = abs(a);
  const mb = abs(b);
  if (ma > pow2(-450) && ma < pow2(450) && mb > pow2(-450) && mb < pow2(450) && abs(c) < pow2(1000)) {
    const r = sumOnce(a, b, c, false);
    if (r == 0 || abs(r) >= pow2(-1000)) return r;
  }
  const ka = exponentOf(a);
  const kb = exponentOf(b);
  const k = ka + kb;
  const kc = exponentOf(c);
  if (kc > k + 60) return c; // |a b| < 2^(k + 2): below half an ulp of c
  const A = scaleBy(a, -ka);
  const B = scaleBy(b, -kb);
  // A c far below the product only breaks ties: any value that far below with its sign does the same.
  const C = kc < k - 220 ? (c > 0 ? pow2(-220) : -pow2(-220)) : scaleBy(c, -k);
  const r = sumOnce(A, B, C, false);
  if (r == 0 || exponentOf(r) + k >= -1022) return scaleBy(r, k);
  const o = sumOnce(A, B, C, true);
  const m = o > 0 ? pow2(-1022 - k) : -pow2(-1022 - k);
  const q = (o + m) - m;
  return scaleBy(q == 0 ? (o < 0 ? -0.0 : 0.0) : q, k);
}
