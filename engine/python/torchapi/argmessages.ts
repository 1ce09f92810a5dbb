// PyTorch's argument parser's words: an overload as FunctionSignature::toString prints it, an argument's type as
// Python names it, and format_invalid_args (torch/csrc/utils/invalid_arguments.cpp) for a call no overload takes.
import { isTensor } from "../tensor";
import type { Value } from "../values";
import { evalTorch } from "../version";

export interface Param {
  /** The C++ type as one letter (parser_signatures.py ABBREV). */
  type: string;
  name: string;
  size: number;
  optional: boolean;
  allowNone: boolean;
  kwOnly: boolean;
  dflt?: string;
}

export interface Sig {
  name: string;
  params: Param[];
  hidden: boolean;
  deprecated: boolean;
  minArgs: number;
  maxPos: number;
}

/** An op: its overloads, or "noargs" for a METH_NOARGS Tensor method (CPython's own arity errors). */
export type Op = Sig[] | "noargs";

// FunctionParameter::type_name; 1.13 still names SymInt.
const TYPE_NAMES: Record<string, string> = {
  T: "Tensor", N: "Number", i: "int", s: "int", f: "float", c: "complex", L: "tuple of Tensors", O: "tuple of Tensors",
  I: "tuple of ints", S: "tuple of ints", F: "tuple of floats", G: "torch.Generator", b: "bool", R: "torch.Storage",
  P: "object", D: "torch.dtype", Y: "torch.layout", M: "torch.memory_format", Q: "torch.qscheme", V: "torch.device",
  W: "torch.Stream", z: "str", n: "name", m: "tuple of names", C: "tuple of Scalars",
};
export const typeName = (p: Param): string => (evalTorch().version === "1.13" && p.type === "s" ? "SymInt" : evalTorch().version === "1.13" && p.type === "S" ? "tuple of SymInts" : TYPE_NAMES[p.type]);

/** Python's type(v).__name__ as tp_name spells it; null where the evaluator's value has no exact counterpart. */
export function tpName(v: Value): string | null {
  // An ndarray here may be a tensor PyTorch made from one (torch.FloatTensor(np.array(w))): not modelled.
  if (isTensor(v)) return v.numpy ? null : v.param ? "Parameter" : "Tensor";
  switch (v.t) {
    case "int": case "float": case "bool": case "str": case "list": case "dict": case "slice": case "range": case "set":
      return v.t;
    case "numlist":
      return "list";
    case "tuple":
      return v.named ? null : v.size ? "torch.Size" : "tuple";
    case "none":
      return "NoneType";
    case "dtype":
      return v.np ? null : "torch.dtype";
    case "instance":
      return v.cls.name;
    case "function":
      return "function";
  }
  return null;
}


export const items = (v: Value): Value[] | null => (isTensor(v) ? null : v.t === "list" || v.t === "tuple" ? v.items : null);

/** FunctionSignature::toString, 2.x with each default. */
export function sigString(s: Sig): string {
  const defaults = evalTorch().version !== "1.13";
  let kwDone = false;
  const parts = s.params.map((p) => {
    const star = p.kwOnly && !kwDone ? "*, " : "";
    if (p.kwOnly) kwDone = true;
    return `${star}${typeName(p)} ${p.name}${defaults && p.dflt !== undefined ? ` = ${p.dflt}` : ""}`;
  });
  return `(${parts.join(", ")})`;
}

/** invalid_arguments.cpp's reading of a printed overload: its ", "-separated words as (type, name). */
function optionArgs(option: string): { type: string; name: string }[] {
  return option.slice(1, -1).split(", ").map((a) => {
    const sp = a.lastIndexOf(" ");
    return sp < 0 ? { type: a, name: a } : { type: a.slice(0, sp), name: a.slice(sp + 1) };
  });
}

function matches(type: string, v: Value): boolean {
  const n = tpName(v)!;
  return type === "float" ? n === "float" || n === "int" : type === "int" ? n === "int" : n === type;
}

/** An argument as a mismatch shows it: 2.x spells out a list's or tuple's items. */
function describe(v: Value): string {
  if (evalTorch().version === "1.13") return tpName(v)!;
  const xs = !isTensor(v) && v.t === "numlist" ? Array.from(v.data, () => ({ t: v.allInt ? "int" : "float" }) as Value) : items(v);
  if (!xs) return tpName(v)!;
  const tuple = !isTensor(v) && v.t === "tuple";
  const inner = xs.map((x) => tpName(x)).join(", ");
  return `${tpName(v)} of ${tuple ? `(${inner}${xs.length === 1 ? "," : ""})` : `[${inner}]`}`;
}

/** format_invalid_args; null where it would read a keyword it cannot find (PyTorch's own C++ exception). */
export function invalidArgs(fname: string, pos: Value[], kwIn: Map<string, Value>, options: string[]): string | null {
  // std::unordered_map's walk: two entries come out last-inserted first; more is not modelled.
  if (kwIn.size > 2) return null;
  const kw = [...kwIn].reverse();
  const argDesc = `(${[...pos.map((v) => tpName(v)), ...kw.map(([k, v]) => `${k}=${tpName(v)}`)].map((s) => s + ", ").join("").slice(0, pos.length ? -2 : undefined)})`;
  const unmatched = (args: { name: string }[]): string[] => {
    const start = Math.max(0, args.length - kw.length);
    return kw.filter(([k]) => !args.slice(start).some((a) => a.name === k)).map(([k]) => k);
  };
  const formatted = (args: { type: string; name: string }[]): string | null => {
    let out = "";
    for (let i = 0; i < pos.length + kw.length; i++) {
      const isKw = i >= pos.length;
      const v = isKw ? kw.find(([k]) => k === args[i].name)?.[1] : pos[i];
      if (v === undefined) return null;
      const ok = matches(args[i].type, v);
      out += `${ok ? "" : "!"}${isKw ? `${args[i].name}=` : ""}${describe(v)}${ok ? "" : "!"}, `;
    }
    return `(${pos.length ? out.slice(0, -2) : out})`;
  };
  let msg = `${fname} received an invalid combination of arguments - `;
  const count = pos.length + kw.length;
  if (options.length === 1) {
    const args = optionArgs(options[0]);
    const bad = kw.length ? unmatched(args) : [];
    if (bad.length) return msg + `got unrecognized keyword arguments: ${bad.join(", ")}`;
    const desc = args.length === count ? formatted(args) : argDesc;
    return desc === null ? null : msg + `got ${desc}, but expected ${options[0]}`;
  }
  msg += `got ${argDesc}, but expected one of:\n`;
  for (const o of options) {
    msg += ` * ${o}\n`;
    const args = optionArgs(o);
    if (args.length !== count) continue;
    const bad = kw.length ? unmatched(args) : [];
    if (bad.length) msg += `      didn't match because some of the keywords were incorrect: ${bad.join(", ")}\n`;
    else {
      const desc = formatted(args);
      if (desc === null) return null;
      msg += `      didn't match because some of the arguments have invalid types: ${desc}\n`;
    }
  }
  return msg;
}
