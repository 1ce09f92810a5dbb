// The CLI's JSON text. JSON.stringify writes -0 as 0 and float32 values at float64 length; this writer keeps
// the sign of zero and writes each number as the shortest decimal that reads back to the same value in its
// dtype, so `--json` round-trips every float exactly.
import type { Tensor } from "../engine/api/types";
import { float32Repr, floatRepr } from "../engine/python/numfmt";

/** A number already written as JSON text. */
class JsonNumber {
  constructor(readonly text: string) {}
}

/** One element in its dtype: NaN/±Infinity as strings (the product.md contract), zeros with their sign. */
export function elementJson(x: number, dtype: Tensor["dtype"]): JsonNumber | string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (dtype === "int64") return new JsonNumber(Object.is(x, -0) ? "0" : String(x));
  return new JsonNumber(dtype === "float32" ? float32Repr(x) : floatRepr(x));
}

export function tensorJson(t: Tensor): { dtype: string; shape: number[]; data: (JsonNumber | string)[] } {
  return { dtype: t.dtype, shape: t.shape.slice(), data: Array.from(t.data, (x) => elementJson(x, t.dtype)) };
}

/** JSON.stringify's compact form, with JsonNumber written verbatim. */
export function stringify(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(stringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`);
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
