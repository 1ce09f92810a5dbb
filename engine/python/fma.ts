// Fused multiply-add, rounded once, as the FMA instructions PyTorch's AVX2 kernels are compiled to (GCC
// contracts a * b + c in them): needed where the evaluator reproduces such a kernel to the last bit.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 next to x (a float32, finite) away from zero (up = true) or toward it. */
function step32(x: number, up: boolean): number {
  f32[0] = x;
  u32[0] += up ? 1 : -1;
  return f32[0];
}

/** fmaf(a, b, c) for float32 a, b, c: a * b is exact in float64, so only the final sum needs care. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  // The part of the exact sum that s lost (Fast2Sum on the larger magnitude first).
  const e = Math.abs(p) >= Math.abs(c) ? p - s + c : c - s + p;
  const r = Math.fround(s);
  if (e === 0 || r === s || !Number.isFinite(r)) return r;
  // s rounds to r; that is wrong only when s sits exactly halfway between two float32 and e pushes the exact sum
  // to the other side of the halfway point.
  const other = step32(r, Math.abs(s) > Math.abs(r));
  if (s !== (r + other) / 2) return r;
  const exactAbove = s + e > s || (s + e === s && e > 0);
  return exactAbove === other > r ? other : r;
}

// fma for float64 (Boldo and Melquiond's emulation with rounding to odd): a and b scaled to [1, 2) and c with them,
// so that no step overflows or underflows, then the exact product (Dekker) and sum (TwoSum) rounded once. A result
// below 2^-1022 rounds at the subnormal quantum instead, from the exact sum (rare; BigInt). kernels/mathT.ts's
// fmaF64 takes the same steps in AssemblyScript (this file cannot be imported there, nor that one here).

const f64 = new Float64Array(1);
const w32 = new Uint32Array(f64.buffer);

/** 2^n for n in [-1022, 1023]. */
function pow2(n: number): number {
  w32[0] = 0;
  w32[1] = (n + 1023) << 20;
  return f64[0];
}

/** floor(log2 |x|) for finite nonzero x, subnormals included. */
function exponentOf(x: number): number {
  f64[0] = x;
  const e = (w32[1] >>> 20) & 0x7ff;
  if (e) return e - 1023;
  f64[0] = x * 2 ** 64;
  return ((w32[1] >>> 20) & 0x7ff) - 1087;
}

/** x 2^n, exact whenever the result is a float64 (steps of 2^±1000 between x and it). */
function scale(x: number, n: number): number {
  for (; n > 1000; n -= 1000) x *= pow2(1000);
  for (; n < -1000; n += 1000) x *= pow2(-1000);
  return x * pow2(n);
}

/** s + e (s = RN(s + e), e exact) rounded to odd: the float64 next to s toward e when e is not zero and s is even. */
function roundOdd(s: number, e: number): number {
  f64[0] = s;
  if (e === 0 || e !== e || (w32[0] & 1) === 1) return s;
  const away = e > 0 === s > 0;
  let lo = w32[0];
  let hi = w32[1];
  if (away) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  } else {
    if (lo === 0) hi--;
    lo = (lo - 1) >>> 0;
  }
  w32[0] = lo;
  w32[1] = hi;
  return f64[0];
}

/** x = m 2^e (m a BigInt) for a finite x. */
function bigOf(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  const e = exponentOf(x) - 52;
  return [BigInt(scale(x, -e)), e];
}

/** th + tl + pl (exact float64 terms) rounded to the nearest multiple of 2^q, ties to even. */
function roundSumAt(terms: number[], q: number): number {
  const parts = terms.map(bigOf);
  const e0 = Math.min(q, ...parts.map(([m, e]) => (m === 0n ? q : e)));
  let sum = 0n;
  for (const [m, e] of parts) sum += m << BigInt(e - e0);
  const neg = sum < 0n;
  if (neg) sum = -sum;
  const drop = BigInt(q - e0);
  let n = sum >> drop;
  if (drop > 0n) {
    const rem = sum - (n << drop);
    const half = 1n << (drop - 1n);
    if (rem > half || (rem === half && (n & 1n) === 1n)) n++;
  }
  const r = scale(Number(n), q);
  return neg ? -r : r;
}

/** The exact terms of a b + c: ph + pl = a b (Dekker), th + tl = c + ph (TwoSum); valid while nothing overflows
 *  or underflows (2^27 a, 2^27 b finite, a b far above 2^-1022). */
const terms = { th: 0, tl: 0, pl: 0 };

/** a b + c rounded once (Boldo and Melquiond: th + RO(tl + pl)), terms left in `terms`. */
function sumOnce(a: number, b: number, c: number): number {
  const ph = a * b;
  let t = 134217729 * a; // 2^27 + 1
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  const th = c + ph;
  const z = th - c;
  const tl = (c - (th - z)) + (ph - z);
  terms.th = th;
  terms.tl = tl;
  terms.pl = pl;
  const s = tl + pl;
  const z2 = s - tl;
  return th + roundOdd(s, (tl - (s - z2)) + (pl - z2));
}

/** fma(a, b, c) for float64: a * b + c rounded once, as the FMA instruction. */
export function fma(a: number, b: number, c: number): number {
  if (!(Number.isFinite(a) && Number.isFinite(b)) || a === 0 || b === 0) return a * b + c;
  if (!Number.isFinite(c)) return c; // a finite a b never overflows inside the fused sum
  if (c === 0) return a * b;
  // Operands whose steps can neither overflow nor underflow, and a normal result: no scaling.
  const ma = Math.abs(a);
  const mb = Math.abs(b);
  if (ma > 2 ** -450 && ma < 2 ** 450 && mb > 2 ** -450 && mb < 2 ** 450 && Math.abs(c) < 2 ** 1000) {
    const r = sumOnce(a, b, c);
    if (r === 0 || Math.abs(r) >= 2 ** -1000) return r;
  }
  const ka = exponentOf(a);
  const kb = exponentOf(b);
  const k = ka + kb;
  const kc = exponentOf(c);
  // |a b| < 2^(k + 2) is below half an ulp of c: c it is.
  if (kc > k + 60) return c;
  const A = scale(a, -ka);
  const B = scale(b, -kb);
  // A c far below the product only breaks ties: any value that far below with its sign does the same.
  const C = kc < k - 220 ? (c > 0 ? pow2(-220) : -pow2(-220)) : scale(c, -k);
  const r = sumOnce(A, B, C);
  if (r === 0 || exponentOf(r) + k >= -1022) return scale(r, k);
  const sub = roundSumAt([terms.th, terms.tl, terms.pl], -1074 - k);
  return scale(sub === 0 ? (r < 0 ? -0 : 0) : sub, k);
}
