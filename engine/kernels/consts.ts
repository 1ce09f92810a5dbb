// Vector constants live in linear memory: V8 rebuilds every v128.const with three instructions on each use
// inside a hot loop (it rematerialises rather than spills), while a load is one, often folded into the op.
const CF = memory.data<f32>([
  -87.33654, -87.33654, -87.33654, -87.33654, // EXP_LO
  89.0, 89.0, 89.0, 89.0, // EXP_HI
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341, // LOG2E
  12582912.0, 12582912.0, 12582912.0, 12582912.0, // MAGIC
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // LN2_HI
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // LN2_LO
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, // E0
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, // E1
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, // E2
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, // E3
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, // E4
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, // E5
  1.0, 1.0, 1.0, 1.0, // ONE
  2.0, 2.0, 2.0, 2.0, // TWO
  0.5, 0.5, 0.5, 0.5, // HALF
  0.0, 0.0, 0.0, 0.0, // ZERO
  Infinity, Infinity, Infinity, Infinity, // INF
  -Infinity, -Infinity, -Infinity, -Infinity, // NINF
  NaN, NaN, NaN, NaN, // NAN
  1.17549435e-38, 1.17549435e-38, 1.17549435e-38, 1.17549435e-38, // FLT_MIN
  8388608.0, 8388608.0, 8388608.0, 8388608.0, // TWO23
  23.0, 23.0, 23.0, 23.0, // F23
  0.707106781186547524, 0.707106781186547524, 0.707106781186547524, 0.707106781186547524, // SQRTHF
  3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1, // L0
  -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1, // L1
  2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1, // L2
  -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1, // L3
  1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1, // L4
  -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1, // L5
  1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1, // L6
  -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1, // L7
  7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2, // L8
  <f32>(1.0 / 3), <f32>(1.0 / 3), <f32>(1.0 / 3), <f32>(1.0 / 3), // S3
  <f32>(1.0 / 5), <f32>(1.0 / 5), <f32>(1.0 / 5), <f32>(1.0 / 5), // S5
  <f32>(1.0 / 7), <f32>(1.0 / 7), <f32>(1.0 / 7), <f32>(1.0 / 7), // S7
  <f32>(1.0 / 9), <f32>(1.0 / 9), <f32>(1.0 / 9), <f32>(1.0 / 9), // S9
  <f32>(1.0 / 11), <f32>(1.0 / 11), <f32>(1.0 / 11), <f32>(1.0 / 11), // S11
  <f32>(1.0 / 13), <f32>(1.0 / 13), <f32>(1.0 / 13), <f32>(1.0 / 13), // S13
  -1.0, -1.0, -1.0, -1.0, // MONE
], 16);
const CI = memory.data<i32>([
  126, 126, 126, 126, // I126
  0x807fffff, 0x807fffff, 0x807fffff, 0x807fffff, // MANT
  0x80000000, 0x80000000, 0x80000000, 0x80000000, // SIGN
], 16);
export const EXP_LO: i32 = 0;
export const EXP_HI: i32 = 1;
export const LOG2E: i32 = 2;
export const MAGIC: i32 = 3;
export const LN2_HI: i32 = 4;
export const LN2_LO: i32 = 5;
export const E0: i32 = 6;
export const E1: i32 = 7;
export const E2: i32 = 8;
export const E3: i32 = 9;
export const E4: i32 = 10;
export const E5: i32 = 11;
export const ONE: i32 = 12;
export const TWO: i32 = 13;
export const HALF: i32 = 14;
export const ZERO: i32 = 15;
export const INF: i32 = 16;
export const NINF: i32 = 17;
export const NAN: i32 = 18;
export const FLT_MIN: i32 = 19;
export const TWO23: i32 = 20;
export const F23: i32 = 21;
export const SQRTHF: i32 = 22;
export const L0: i32 = 23;
export const L1: i32 = 24;
export const L2: i32 = 25;
export const L3: i32 = 26;
export const L4: i32 = 27;
export const L5: i32 = 28;
export const L6: i32 = 29;
export const L7: i32 = 30;
export const L8: i32 = 31;
export const S3: i32 = 32;
export const S5: i32 = 33;
export const S7: i32 = 34;
export const S9: i32 = 35;
export const S11: i32 = 36;
export const S13: i32 = 37;
export const MONE: i32 = 38;
export const I126: i32 = 0;
export const MANT: i32 = 1;
export const SIGN: i32 = 2;

/** Float constant k (one of the names above), as four lanes. */
@inline export function kf(k: i32): v128 {
  return v128.load(CF + (<usize>k << 4));
}

/** Integer constant k (I126, MANT), as four lanes. */
@inline export function ki(k: i32): v128 {
  return v128.load(CI + (<usize>k << 4));
}
