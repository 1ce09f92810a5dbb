// Shared by the Sleef ports (sleef-f32.ts, sleef-f64.ts): their constants, splatted from linear memory (loads
// beat v128.const in V8's hot loops, see consts.ts), and float32-on-float64-lanes rounding helpers.

// float64 constants, splatted to two lanes on load (loads beat v128.const in V8's hot loops, see consts.ts).
export const CD = memory.data<f64>([
  <f32>1.442695040888963407359924681001892137426645954152985934135449406931, // R_LN2F
  0.693145751953125, // L2UF
  <f32>1.428606765330187045e-06, // L2LF
  <f32>0.000198527617612853646278381, // XE5
  <f32>0.00139304355252534151077271, // XE4
  <f32>0.00833336077630519866943359, // XE3
  <f32>0.0416664853692054748535156, // XE2
  <f32>0.166666671633720397949219, // XE1
  0.5, // XE0
  1.0, // D1
  4503599627371519.0, // P2 = 2^52 + 1023: q + P2 holds q + 1023 in its low mantissa bits
  0.69314718246459960938, // LNX (float)
  <f32>-1.904654323148236017e-09, // LNY
  <f32>0.3027294874, // XL2
  <f32>0.3996108174, // XL1
  <f32>0.6666694880, // XL0
  2.0, // D2
  134217729.0, // SPLIT: Dekker's 2^27 + 1
  1.442695040888963407359924681001892137426645954152985934135449406931, // R_LN2
  0.69314718055966295651160180568695068359375, // L2U
  0.28235290563031577122588448175013436025525412068e-12, // L2L
  0.2081276378237164457e-8, // DE9
  0.2511210703042288022e-7, // DE8
  0.2755762628169491192e-6, // DE7
  0.2755723402025388239e-5, // DE6
  0.2480158687479686264e-4, // DE5
  0.1984126989855865850e-3, // DE4
  0.1388888888914497797e-2, // DE3
  0.8333333333314938210e-2, // DE2
  0.4166666666666602598e-1, // DE1
  0.1666666666666669072e+0, // DE0
  709.78271114955742909217217426, // DEXP_OVER
  -1000.0, // DEXP_UNDER
  6755399441055744.0, // DMAGIC = 2^52 + 2^51: int64 bits added to it read back as float64
  0.693147180559945286226764, // DLNX
  2.319046813846299558417771e-17, // DLNY
  0.1532076988502701353e+0, // DL6
  0.1525629051003428716e+0, // DL5
  0.1818605932937785996e+0, // DL4
  0.2222214519839380009e+0, // DL3
  0.2857142932794299317e+0, // DL2
  0.3999999999635251990e+0, // DL1
  0.6666666666667333541e+0, // DL0
  2.2250738585072014e-308, // DBL_MIN
  18446744073709551616.0, // D2P64
  1.3333333333333333, // D4_3
  Infinity, // DINF
  -Infinity, // DNINF
  NaN, // DNAN
  0.0, // DZERO
  -1.0, // DM1
  1e307, // D1E307
  -0.0, // DNZERO
], 16);
export const R_LN2F = 0;
export const L2UF = 1;
export const L2LF = 2;
export const XE5 = 3;
export const XE4 = 4;
export const XE3 = 5;
export const XE2 = 6;
export const XE1 = 7;
export const XE0 = 8;
export const D1 = 9;
export const P2 = 10;
export const LNX = 11;
export const LNY = 12;
export const XL2 = 13;
export const XL1 = 14;
export const XL0 = 15;
export const D2 = 16;
export const SPLIT = 17;
export const R_LN2 = 18;
export const L2U = 19;
export const L2L = 20;
export const DE9 = 21;
export const DE8 = 22;
export const DE7 = 23;
export const DE6 = 24;
export const DE5 = 25;
export const DE4 = 26;
export const DE3 = 27;
export const DE2 = 28;
export const DE1 = 29;
export const DE0 = 30;
export const DEXP_OVER = 31;
export const DEXP_UNDER = 32;
export const DMAGIC = 33;
export const DLNX = 34;
export const DLNY = 35;
export const DL6 = 36;
export const DL5 = 37;
export const DL4 = 38;
export const DL3 = 39;
export const DL2 = 40;
export const DL1 = 41;
export const DL0 = 42;
export const DBL_MIN = 43;
export const D2P64 = 44;
export const D4_3 = 45;
export const DINF = 46;
export const DNINF = 47;
export const DNAN = 48;
export const DZERO = 49;
export const DM1 = 50;
export const D1E307 = 51;
export const DNZERO = 52;

// float32 constants, four lanes each.
export const CF = memory.data<f32>([
  -104, -104, -104, -104, // EXP_UNDER: Sleef's expf is 0 below
  100, 100, 100, 100, // EXP_OVER: and inf above
  Infinity, Infinity, Infinity, Infinity, // FINF
  1.17549435e-38, 1.17549435e-38, 1.17549435e-38, 1.17549435e-38, // FMIN
  18446744073709551616.0, 18446744073709551616.0, 18446744073709551616.0, 18446744073709551616.0, // F2P64
  <f32>(1.0 / 0.75), <f32>(1.0 / 0.75), <f32>(1.0 / 0.75), <f32>(1.0 / 0.75), // F4_3
  0, 0, 0, 0, // FZERO
  -Infinity, -Infinity, -Infinity, -Infinity, // FNINF
  NaN, NaN, NaN, NaN, // FNAN
  1, 1, 1, 1, // F1
  -1, -1, -1, -1, // FM1
  1e38, 1e38, 1e38, 1e38, // F1E38
  -0.0, -0.0, -0.0, -0.0, // FNZERO
  86, 86, 86, 86, // F86: expf's results are normal within +-86 (its fast path)
], 16);
export const EXP_UNDER = 0;
export const EXP_OVER = 1;
export const FINF = 2;
export const FMIN = 3;
export const F2P64 = 4;
export const F4_3 = 5;
export const FZERO = 6;
export const FNINF = 7;
export const FNAN = 8;
export const F1 = 9;
export const FM1 = 10;
export const F1E38 = 11;
export const FNZERO = 12;
export const F86 = 13;

export const CI = memory.data<i32>([
  0xff, 0xff, 0xff, 0xff, // I255
  127, 127, 127, 127, // I127
  64, 64, 64, 64, // I64
], 16);
export const I255 = 0;
export const I127 = 1;
export const I64 = 2;

@inline export function kd(k: i32): v128 {
  return v128.load64_splat(CD + (<usize>k << 3));
}
@inline export function kf(k: i32): v128 {
  return v128.load(CF + (<usize>k << 4));
}
@inline export function ki(k: i32): v128 {
  return v128.load(CI + (<usize>k << 4));
}

/** Rounds two float64 lanes to float32 precision (kept as float64). */
@inline export function rf(x: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(x));
}

/** float32 fma(a, b, c) on float lanes held as float64: a * b is exact, one rounding of the sum to float32. */
@inline export function fmaf(a: v128, b: v128, c: v128): v128 {
  return rf(f64x2.add(f64x2.mul(a, b), c));
}

/** Lanes 2, 3 of a float32 vector as two float64 lanes. */
@inline export function promoteHigh(x: v128): v128 {
  return f64x2.promote_low_f32x4(i64x2.shuffle(x, x, 1, 1));
}

/** Two float32 lanes from each of lo, hi (rounded once) as one float32 vector. */
@inline export function demote2(lo: v128, hi: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}
