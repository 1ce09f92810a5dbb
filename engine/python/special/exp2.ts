// exp2 on float32 as ATen's kernels compute it, bit for bit (measured on 160,000 values): glibc's exp2f (ATen's
// scalar std::exp2: a 32-entry table of 2^(i/32) and a cubic in float64), and Sleef's exp2f_u10 with FMA (2.x's
// AVX2 vector path: a degree-6 polynomial in float32 around the nearest integer, scaled by 2^q).
import { fma, fmaf } from "../fma";

const f = Math.fround;
const u64 = new BigUint64Array(1);
const f64 = new Float64Array(u64.buffer);
const bitsOf = (d: number): bigint => {
  f64[0] = d;
  return u64[0];
};
const fromBits = (b: bigint): number => {
  u64[0] = BigInt.asUintN(64, b);
  return f64[0];
};

const N = 32;
/** The table's words: 2^(i/32)'s bits less i << 47, so adding k << 47 puts k / 32's integer part in the exponent. */
const TAB = Array.from({ length: N }, (_, i) => bitsOf(Math.pow(2, i / N)) - (BigInt(i) << 47n));
const hexf = (mantissa: string, e: number) => (parseInt(mantissa, 16) / 2 ** 52) * 2 ** e;
const C = [hexf("1c6af84b912394", -5), hexf("1ebfce50fac4f3", -3), hexf("162e42ff0c52d6", -1)];
const SHIFT = (1.5 * 2 ** 52) / N;

/** glibc's exp2f (its FMA variant; the fused steps give the same float32). */
export function glibcExp2f(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x >= 128) return Infinity;
  if (x < -150) return 0;
  let kd = x + SHIFT;
  const ki = bitsOf(kd);
  kd -= SHIFT;
  const r = x - kd;
  const s = fromBits(TAB[Number(ki % BigInt(N))] + (ki << 47n));
  const z = fma(C[0], r, C[1]);
  const y = fma(z, r * r, fma(C[2], r, 1));
  return f(y * s);
}

function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Sleef's exp2f_u10, FMA build. */
export function sleefExp2f(d: number): number {
  if (Number.isNaN(d)) return d;
  if (d >= 128) return Infinity;
  if (d < -150) return 0;
  const q = rint(d);
  const s = f(d - q);
  let u = f(0.1535920892e-3);
  for (const c of [0.1339262701e-2, 0.9618384764e-2, 0.5550347269e-1, 0.2402264476e0, 0.6931471825e0, 1]) u = fmaf(u, s, f(c));
  const h = q >> 1;
  return f(f(u * Math.pow(2, h)) * Math.pow(2, q - h));
}
