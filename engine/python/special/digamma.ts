// torch.digamma and torch.polygamma(1, ·) as ATen's scalar kernels compute them (Math.h's calc_digamma and
// trigamma, one element at a time), compiled for AVX2 with their a * b + c contracted to fused multiply-adds.
// float32: bit for bit (glibc's logf and sinf ported, glibc32.ts; 570,000 inputs against 1.13 and 2.13);
// float64: JS's Math.log / tan / sin stand for glibc's log / tan / sin, within an ulp (engine/README.md).
import { fma, fmaf } from "../fma";
import { glibcLogf, glibcSinf } from "./glibc32";

const f = Math.fround;

interface Precision {
  r: (x: number) => number;
  fm: (a: number, b: number, c: number) => number;
  log: (x: number) => number;
  sin: (x: number) => number;
  pi: number;
  psi10: number;
  big: number;
  a: number[];
}

// calc_digamma's asymptotic series (Cephes), highest first.
const A = [
  8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3, -4.16666666666666666667e-3, 3.96825396825396825397e-3,
  -8.33333333333333333333e-3, 8.33333333333333333333e-2,
];
const FLOAT: Precision = { r: f, fm: fmaf, log: glibcLogf, sin: glibcSinf, pi: f(Math.PI), psi10: f(2.25175258906672110764), big: f(1e17), a: A.map(f) };
const DOUBLE: Precision = { r: (x) => x, fm: fma, log: Math.log, sin: Math.sin, pi: Math.PI, psi10: 2.25175258906672110764, big: 1e17, a: A };

function digammaOf(x: number, P: Precision): number {
  const { r, fm } = P;
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.trunc(x)) return NaN;
    // tan(pi * frac(x)) in float64 for both dtypes (ATen's std::modf on a double)
    const piOverTan = r(Math.PI / Math.tan(Math.PI * (x - Math.trunc(x))));
    return r(digammaOf(r(1 - x), P) - piOverTan);
  }
  let result = 0;
  while (x < 10) {
    result = r(result - r(1 / x));
    x = r(x + 1);
  }
  if (x === 10) return r(result + P.psi10);
  let y = 0;
  if (x < P.big) {
    const z = r(1 / r(x * x));
    let p = P.a[0];
    for (let i = 1; i < P.a.length; i++) p = fm(p, z, P.a[i]);
    y = r(z * p);
  }
  return r(r(r(result + P.log(x)) - r(0.5 / x)) - y);
}

function trigammaOf(x: number, P: Precision): number {
  const { r, fm } = P;
  let sign = 1;
  let result = 0;
  if (x < 0.5) {
    sign = -1;
    const s = P.sin(r(P.pi * x));
    result = r(result - r(r(P.pi * P.pi) / r(s * s)));
    x = r(1 - x);
  }
  for (let i = 0; i < 6; i++) {
    result = r(result + r(1 / r(x * x)));
    x = r(x + 1);
  }
  const ixx = r(1 / r(x * x));
  const inner = fm(-ixx, r(1 / 42), r(1 / 30));
  const mid = fm(-ixx, inner, r(1 / 6));
  result = r(result + r(fm(ixx, mid, r(1 + r(1 / r(2 * x)))) / x));
  return r(sign * result);
}

/** torch.digamma of a float32. */
export const digammaf = (x: number): number => digammaOf(x, FLOAT);
/** torch.digamma of a float64. */
export const digamma = (x: number): number => digammaOf(x, DOUBLE);
/** torch.polygamma(1, x) of a float32. */
export const trigammaf = (x: number): number => trigammaOf(x, FLOAT);
/** torch.polygamma(1, x) of a float64. */
export const trigamma = (x: number): number => trigammaOf(x, DOUBLE);
