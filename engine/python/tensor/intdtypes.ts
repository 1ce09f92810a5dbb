// The integer dtypes: which are integral, and the narrow ones' (int32, int16, int8, uint8) C++ arithmetic: their
// ranges, two's-complement wrap-around, x86's float conversion and c10's checked conversion of Python numbers.
import { PyError } from "../errors";
import type { Storage, TDtype } from "./core";

/** The integer dtypes narrower than int64: their values wrap around at their width (wrapInt). */
export type NarrowInt = "int32" | "int16" | "int8" | "uint8";

/** c10's isIntegralType(t, includeBool): int64 and the narrow integers (bool only when asked). */
export function isIntegral(d: TDtype, includeBool = false): boolean {
  return d === "int64" || d === "int32" || d === "int16" || d === "int8" || d === "uint8" || (includeBool && d === "bool");
}

export function isNarrowInt(d: TDtype): d is NarrowInt {
  return d === "int32" || d === "int16" || d === "int8" || d === "uint8";
}

/** Each narrow integer's bits and signedness. */
const INT_BITS: Record<NarrowInt, { bits: number; signed: boolean }> = {
  int32: { bits: 32, signed: true },
  int16: { bits: 16, signed: true },
  int8: { bits: 8, signed: true },
  uint8: { bits: 8, signed: false },
};

/** The smallest and largest value of an integer dtype (int64's as float64 bounds). */
export function intRange(d: TDtype): [number, number] {
  if (!isNarrowInt(d)) return [-(2 ** 63), 2 ** 63 - 1];
  const { bits, signed } = INT_BITS[d];
  return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

/** An integer's two's-complement value at a narrow dtype's width (C++'s conversion of an integer): 256 -> 0 as uint8. */
export function wrapInt(d: NarrowInt, v: number): number {
  const { bits, signed } = INT_BITS[d];
  if (bits === 32) return v | 0;
  const m = 2 ** bits;
  let r = v % m;
  if (r < 0) r += m;
  return signed && r >= m / 2 ? r - m : r + 0;
}

/** Wraps every element of a narrow integer dtype's storage in place (element-wise results: + - * overflow). */
export function wrapStorage(d: TDtype, s: Storage): void {
  if (!isNarrowInt(d)) return;
  for (let i = 0; i < s.length; i++) s[i] = wrapInt(d, s[i]);
}

/**
 * A float's conversion to a narrow integer as ATen's CPU cast does on x86: truncated, through a 32-bit conversion
 * (cvttss2si: NaN, infinities and anything out of int32's range become -2^31), then wrapped to the width. Measured
 * on both versions: 300.5 -> 44 and -1.7 -> 255 as uint8, 1e10 -> 0 as uint8 / int8 / int16, -2^31 as int32.
 */
export function floatToNarrow(d: NarrowInt, x: number): number {
  const t = Math.trunc(x);
  return wrapInt(d, Number.isFinite(t) && t >= -(2 ** 31) && t < 2 ** 31 ? t : -(2 ** 31));
}

/**
 * c10's checked_convert of a Python number to a narrow integer dtype, as torch.tensor(..., dtype=) and torch.full
 * (cType: their C++ type names, int / uint8_t) convert each: a float must lie in the dtype's range (then truncated),
 * an int too, except that uint8 takes down to -255 (wrapped: -1 -> 255). Returns the stored value.
 */
export function checkedNarrow(d: NarrowInt, v: number, fromFloat: boolean, cType: boolean): number {
  const [lo, hi] = intRange(d);
  const ok = fromFloat || d !== "uint8" ? v >= lo && v <= hi : v <= hi && v >= -hi;
  if (!ok) {
    const name = cType ? (d === "int32" ? "int" : `${d}_t`) : d;
    throw new PyError("RuntimeError", `value cannot be converted to type ${name} without overflow`);
  }
  return wrapInt(d, Math.trunc(v));
}
