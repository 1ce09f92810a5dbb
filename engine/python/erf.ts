// erf on float64 for the evaluator (float32 goes through the engine: kernels/erf.ts, glibc's erff bit for bit).
// fdlibm's method (rational approximations on [0, 0.84375) and [0.84375, 1.25), then erfc's two ranges through
// exp), in Horner form with JS's Math.exp: within an ulp of PyTorch's float64 erf, not equal to it on every input
// (engine/README.md, "knowingly differs").

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
// Numerator coefficients from the constant term up; denominators from the s^1 term up (their constant is 1).
const PP = [1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.9602282787753681232e-6];
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.166375594868790843e-3,
];
const QA = [1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.1984499846799107417e-2];
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
];
const SA = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2,
  1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
];
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
];
const SB = [3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

function poly(c: number[], s: number): number {
  let acc = c[c.length - 1];
  for (let k = c.length - 2; k >= 0; k--) acc = c[k] + s * acc;
  return acc;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** erf(x) in float64. */
export function erf64(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return x > 0 ? 1 : -1;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -28) return a < 2 ** -1015 ? 0.0625 * (16 * x + 16 * EFX * x) : x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / (1 + z * poly(QQ, z)));
  }
  if (a < 1.25) {
    const s = a - 1;
    const q = poly(PA, s) / (1 + s * poly(QA, s));
    return x >= 0 ? ERX + q : -ERX - q;
  }
  if (a >= 6) return x >= 0 ? 1 : -1;
  const s = 1 / (a * a);
  const rs = a < 1 / 0.35 ? poly(RA, s) / (1 + s * poly(SA, s)) : poly(RB, s) / (1 + s * poly(SB, s));
  // z: a with its low 32 bits cleared, so z * z is exact.
  f64[0] = a;
  u32[0] = 0;
  const z = f64[0];
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + rs);
  return x >= 0 ? 1 - r / a : r / a - 1;
}
