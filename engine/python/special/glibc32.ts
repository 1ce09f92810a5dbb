// glibc 2.36's logf and sinf as ATen's scalar float kernels call them (std::log / sinf on float), bit for bit on
// an FMA machine, where glibc runs their __logf_fma / __sinf_fma variants: both compute in float64.
import { fma } from "../fma";

const f = Math.fround;
const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);
const u64 = new BigUint64Array(1);
const f64 = new Float64Array(u64.buffer);
/** A float64 from its bits. */
const asF64 = (hex: bigint): number => {
  u64[0] = hex;
  return f64[0];
};

// logf: its FMA variant's fused steps never change the float32 result (kernels/glibc.ts); a 16-entry table of 1/c
// and log c around 1.
const LOGF_TAB = [
  0x3ff661ec79f8f3ben, 0xbfd57bf7808caaden, 0x3ff571ed4aaf883dn, 0xbfd2bef0a7c06ddbn, 0x3ff49539f0f010b0n, 0xbfd01eae7f513a67n,
  0x3ff3c995b0b80385n, 0xbfcb31d8a68224e9n, 0x3ff30d190c8864a5n, 0xbfc6574f0ac07758n, 0x3ff25e227b0b8ea0n, 0xbfc1aa2bc79c8100n,
  0x3ff1bb4a4a1a343fn, 0xbfba4e76ce8c0e5en, 0x3ff12358f08ae5ban, 0xbfb1973c5a611cccn, 0x3ff0953f419900a7n, 0xbfa252f438e10c1en,
  0x3ff0000000000000n, 0n, 0x3fee608cfd9a47acn, 0x3faaa5aa5df25984n, 0x3feca4b31f026aa0n, 0x3fbc5e53aa362eb4n,
  0x3feb2036576afce6n, 0x3fc526e57720db08n, 0x3fe9c2d163a1aa2dn, 0x3fcbc2860d224770n, 0x3fe886e6037841edn, 0x3fd1058bc8a07ee1n,
  0x3fe767dcf5534862n, 0x3fd4043057b6ee09n,
].map(asF64);
const LOGF_A = [0xbfd00ea348b88334n, 0x3fd5575b0be00b6an, 0xbfdffffef20a4123n].map(asF64);
const LN2 = asF64(0x3fe62e42fefa39efn);

/** glibc's logf for a positive float32, +inf or NaN (digamma's only inputs: >= 10 or not a number). */
export function glibcLogf(x: number): number {
  bits[0] = x;
  let ix = word[0] >>> 0;
  if (ix === 0x3f800000) return 0;
  if (ix >= 0x7f800000) return x; // +inf, NaN
  if (ix < 0x00800000) {
    bits[0] = f(x * 2 ** 23);
    ix = (word[0] >>> 0) - (23 << 23);
  }
  const tmp = (ix - 0x3f330000) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  word[0] = (ix - (tmp & 0xff800000)) | 0;
  const z = bits[0];
  const r = z * LOGF_TAB[2 * i] - 1;
  const y0 = LOGF_TAB[2 * i + 1] + k * LN2;
  const r2 = r * r;
  let y = LOGF_A[1] * r + LOGF_A[2];
  y = LOGF_A[0] * r2 + y;
  return f(y * r2 + (y0 + r));
}

// sinf: the polynomial's and the fast reduction's multiply-adds fused, and reduce_large's 4/pi bits for |x| >= 120.
const [C1, C2, C3, C4, S1, S2, S3, HPI_INV, HPI] = [
  0xbfdffffffd0c621cn, 0x3fa55553e1068f19n, 0xbf56c087e89a359dn, 0x3ef99343027bf8c3n, 0xbfc555545995a603n, 0x3f81107605230bc4n,
  0xbf2994eb3774cf24n, 0x41645f306dc9c883n, 0x3ff921fb54442d18n,
].map(asF64);
/** The cosine polynomial, and its negation (the second table entry, for quadrants 2 and 3). */
const SINCOS = [{ c: [1, C1, C2, C3, C4] }, { c: [-1, -C1, -C2, -C3, -C4] }];
const PI63 = HPI * 2 ** -62;
const SIGN = [1, -1, -1, 1];
/** 4/pi in 32-bit windows 8 bits apart (glibc's __inv_pio4). */
const INV_PIO4 = Array.from({ length: 24 }, (_, i) => BigInt("0x" + ("000000a2f9836e4e441529fc2757d1f534ddc0db6295993c439041").substr(2 * i, 8)));

const abstop12 = (x: number): number => {
  bits[0] = x;
  return (word[0] >>> 20) & 0x7ff;
};

function sinfPoly(x: number, x2: number, c: number[], n: number): number {
  if ((n & 1) === 0) {
    const x3 = x * x2;
    const s1 = fma(x2, S3, S2);
    const x7 = x3 * x2;
    const s = fma(x3, S1, x);
    return f(fma(x7, s1, s));
  }
  const x4 = x2 * x2;
  const c2 = fma(x2, c[4], c[3]);
  const c1 = fma(x2, c[1], c[0]);
  const x6 = x4 * x2;
  const cc = fma(x4, c[2], c1);
  return f(fma(x6, c2, cc));
}

function reduceLarge(xi: number): { x: number; n: number } {
  const arr = (xi >>> 26) & 15;
  const shift = (xi >>> 23) & 7;
  const m = BigInt((((xi & 0xffffff) | 0x800000) << shift) >>> 0);
  const mask64 = (1n << 64n) - 1n;
  let res0 = (m * INV_PIO4[arr]) & 0xffffffffn;
  const res1 = m * INV_PIO4[arr + 4];
  const res2 = m * INV_PIO4[arr + 8];
  res0 = ((res2 >> 32n) | (res0 << 32n)) & mask64;
  res0 = (res0 + res1) & mask64;
  const n = ((res0 + (1n << 61n)) & mask64) >> 62n;
  res0 = (res0 - (n << 62n)) & mask64;
  return { x: Number(BigInt.asIntN(64, res0)) * PI63, n: Number(n) };
}

export function glibcSinf(y: number): number {
  const top = abstop12(y);
  let x = y;
  if (top < abstop12(f(Math.PI / 4))) {
    if (top < abstop12(2 ** -12)) return y;
    return sinfPoly(x, x * x, SINCOS[0].c, 0);
  }
  if (top < abstop12(120)) {
    const n = ((Math.trunc(x * HPI_INV) | 0) + 0x800000) >> 24;
    x = fma(-n, HPI, x);
    return sinfPoly(x * SIGN[n & 3], x * x, SINCOS[(n & 2) >> 1].c, n);
  }
  if (top < abstop12(Infinity)) {
    bits[0] = y;
    const xi = word[0] >>> 0;
    const sign = xi >>> 31;
    const r = reduceLarge(xi);
    return sinfPoly(r.x * SIGN[(r.n + sign) & 3], r.x * r.x, SINCOS[((r.n + sign) & 2) >> 1].c, r.n);
  }
  return NaN;
}
