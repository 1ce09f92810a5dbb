// Runtime values of the evaluator and Python's str()/repr()/format() of them.
import { budget } from "./budget";
import type { LossRecord } from "../catalog/types";
import type { OptionValue } from "../api/types";
import type { Param, Stmt } from "./ast";
import { PyError, type Span } from "./errors";
import { float32Repr, floatRepr, formatNumber, formatString } from "./numfmt";
import { ndarrayRepr, tensorRepr } from "./printer";
import { isTensor, type PTensor, type TDtype } from "./tensor";

export interface Args {
  pos: Value[];
  kw: Map<string, Value>;
  span: Span;
  /** Spans of the positional arguments, then keyword ones by name, for located errors. */
  posSpans: Span[];
  kwSpans: Map<string, Span>;
}

export type Fn = (args: Args) => Value;

export type Value =
  | PTensor
  | { t: "int"; v: number }
  | { t: "float"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "str"; v: string }
  | { t: "list"; items: Value[] }
  /** A list literal of numbers read by the fast path: a list to Python, a Float64Array to us. */
  | { t: "numlist"; data: Float64Array; shape: number[]; allInt: boolean }
  | { t: "tuple"; items: Value[]; size?: boolean }
  | { t: "dict"; keys: Value[]; values: Value[] }
  | { t: "module"; name: string }
  | { t: "builtin"; name: string; fn: Fn }
  | { t: "dtype"; dtype: TDtype; np: boolean }
  | { t: "criterion"; record: LossRecord; options: Record<string, OptionValue>; given: Record<string, OptionValue>; span: Span }
  | { t: "layer"; kind: string; dim: number | null; distance?: { p: number; eps: number } }
  | { t: "slice"; start: number | null; stop: number | null; step: number | null }
  | { t: "ellipsis" }
  | { t: "function"; name: string; params: Param[]; body: Stmt[]; defaults: (Value | null)[] }
  | { t: "npscalar"; dtype: TDtype; v: number }
  | { t: "range"; start: number; stop: number; step: number }
  | { t: "opaque"; what: string }
  | { t: "unavailable"; name: string; line: number };

export const NONE: Value = { t: "none" };
export const int = (v: number): Value => ({ t: "int", v });
export const float = (v: number): Value => ({ t: "float", v });
export const bool = (v: boolean): Value => ({ t: "bool", v });
/** Whether a lookup table has `name` itself: names are resolved in the evaluator's own tables only, never through
 * JavaScript's prototype chain (`torch.constructor`, `x.__proto__` are Python AttributeErrors). */
export function hasOwn(table: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(table, name);
}

export const str = (v: string): Value => {
  // Strings past a few KB are charged to the budget (work and memory); small ones are not worth the call.
  if (v.length > 4096) budget().string(v.length);
  return { t: "str", v };
};

export function typeName(v: Value): string {
  if (isTensor(v)) return v.numpy ? "numpy.ndarray" : "Tensor";
  switch (v.t) {
    case "int":
    case "float":
    case "bool":
    case "str":
    case "list":
    case "tuple":
    case "dict":
    case "range":
    case "numlist":
    case "slice":
    case "function":
    case "module":
      return v.t === "tuple" && v.size ? "torch.Size" : v.t === "numlist" ? "list" : v.t;
    case "none":
      return "NoneType";
    case "builtin":
      return "builtin_function_or_method";
    case "dtype":
      return v.np ? "type" : "torch.dtype";
    case "criterion":
      return v.record.className;
    case "layer":
      return v.kind;
    case "ellipsis":
      return "ellipsis";
    case "npscalar":
      return `numpy.${v.dtype}`;
    case "opaque":
      return v.what;
    case "unavailable":
      return "object";
  }
}

function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch.charCodeAt(0) < 32) out += "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0");
    else out += ch;
  }
  return q + out + q;
}

export function npScalarStr(v: { dtype: TDtype; v: number }): string {
  if (v.dtype === "float32") return float32Repr(v.v);
  if (v.dtype === "float64") return floatRepr(v.v);
  if (v.dtype === "bool") return v.v ? "True" : "False";
  return String(v.v);
}

export function repr(v: Value): string {
  if (isTensor(v)) return v.numpy ? ndarrayRepr(v) : tensorRepr(v);
  switch (v.t) {
    case "int":
      return String(v.v);
    case "float":
      return floatRepr(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "none":
      return "None";
    case "str":
      return strRepr(v.v);
    case "list":
      return "[" + v.items.map(repr).join(", ") + "]";
    case "numlist": {
      const el = (x: number) => (v.allInt ? String(x) : floatRepr(x));
      const rec = (d: number, off: number, n: number): string => {
        if (d === v.shape.length) return el(v.data[off]);
        const inner = n / v.shape[d];
        return "[" + Array.from({ length: v.shape[d] }, (_, i) => rec(d + 1, off + i * inner, inner)).join(", ") + "]";
      };
      return rec(0, 0, v.data.length);
    }
    case "tuple":
      if (v.size) return `torch.Size([${v.items.map(repr).join(", ")}])`;
      return "(" + v.items.map(repr).join(", ") + (v.items.length === 1 ? ",)" : ")");
    case "dict":
      return "{" + v.keys.map((k, i) => `${repr(k)}: ${repr(v.values[i])}`).join(", ") + "}";
    case "module":
      return `<module '${v.name}'>`;
    case "builtin":
      return `<built-in function ${v.name}>`;
    case "dtype":
      return v.np ? `<class 'numpy.${v.dtype}'>` : `torch.${v.dtype}`;
    case "criterion":
      return `${v.record.className}()`;
    case "layer":
      if (v.distance) return v.kind === "PairwiseDistance" ? `PairwiseDistance()` : `<function ${v.kind}>`;
      return v.kind === "Softmax" || v.kind === "LogSoftmax" ? `${v.kind}(dim=${v.dim === null ? "None" : v.dim})` : `${v.kind}()`;
    case "slice":
      return `slice(${[v.start, v.stop, v.step].map((x) => (x === null ? "None" : String(x))).join(", ")})`;
    case "ellipsis":
      return "Ellipsis";
    case "function":
      return `<function ${v.name}>`;
    case "npscalar":
      return npScalarStr(v);
    case "range":
      return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    case "opaque":
      return `<${v.what}>`;
    case "unavailable":
      return "<unavailable>";
  }
}

/** Python's str(). */
export function toStr(v: Value): string {
  if (isTensor(v)) return v.numpy ? ndarrayRepr(v, true) : tensorRepr(v);
  if (v.t === "str") return v.v;
  return repr(v);
}

/** format(value, spec): 0-dim tensors format as their Python number (Tensor.__format__ calls item()). */
export function formatValue(v: Value, spec: string): string {
  try {
    if (isTensor(v)) {
      if (v.ndim === 0 && !v.numpy) {
        if (v.dtype === "bool") return formatString(v.data[0] ? "True" : "False", spec);
        return formatNumber(v.data[0], v.dtype === "int64", spec);
      }
      if (spec === "") return toStr(v);
      throw new PyError("TypeError", `unsupported format string passed to ${v.numpy ? "numpy.ndarray" : "Tensor"}.__format__`);
    }
    switch (v.t) {
      case "int":
        return formatNumber(v.v, true, spec);
      case "float":
        return formatNumber(v.v, false, spec);
      case "bool":
        return spec === "" ? toStr(v) : formatNumber(v.v ? 1 : 0, true, spec);
      case "npscalar":
        if (spec === "") return npScalarStr(v);
        return formatNumber(v.v, v.dtype === "int64", spec);
      case "str":
        return formatString(v.v, spec);
      default:
        if (spec === "") return toStr(v);
        throw new PyError("TypeError", `unsupported format string passed to ${typeName(v)}.__format__`);
    }
  } catch (e) {
    if (e instanceof PyError) throw e;
    throw new PyError("ValueError", (e as Error).message);
  }
}
