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
  if (e != 0 && e == e) {
    const bits = reinterpret<i64>(s);
    if ((bits & 1) == 0) return reinterpret<f64>(bits + ((e > 0) == (s > 0) ? 1 : -1));
  }
  return s;
}

/** a·b + c rounded once to float32, as a hardware FMA (the product of two float32 is exact in float64). */
@inline export function fmaF32(a: f32, b: f32, c: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
  const p = <f64>a * <f64>b;
  const s = p + <f64>c;
  const z = s - p;
  return <f32>roundOdd(s, (p - (s - z)) + (<f64>c - z));
}

/** a·b + c rounded once to float64, as a hardware FMA: exact product (Dekker), exact sum, round-to-odd tail. */
export function fmaF64(a: f64, b: f64, c: f64): f64 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.extract_lane(f64x2.relaxed_madd(f64x2.splat(a), f64x2.splat(b), f64x2.splat(c)), 0);
  const ph = a * b;
  // Zeros as IEEE signs them: an exact zero product adds to c; with c = 0 the result is the rounded product.
  if (a == 0 || b == 0) return ph + c;
  if (c == 0) return ph;
  const sa = 134217729.0 * a;
  const sb = 134217729.0 * b;
  if (!isFinite(ph) || !isFinite(sa) || !isFinite(sb) || !isFinite(c)) return ph + c;
  const ah = sa - (sa - a);
  const al = a - ah;
  const bh = sb - (sb - b);
  const bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  const uh = c + ph;
  const z = uh - c;
  const ul = (c - (uh - z)) + (ph - z);
  const th = ul + pl;
  const z2 = th - ul;
  return uh + roundOdd(th, (ul - (th - z2)) + (pl - z2));
}
