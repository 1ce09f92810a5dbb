// Runtime values of the evaluator and Python's str()/repr()/format() of them.
import { budget } from "./budget";
import type { LossRecord } from "../catalog/types";
import type { OptionValue } from "../api/types";
import type { Expr, Param, Stmt } from "./ast";
import { PyError, Unsupported, type Span } from "./errors";
import { float32Repr, floatRepr, formatNumber, formatString } from "./numfmt";
import { ndarrayRepr, tensorRepr } from "./printer";
import { isIntegral, isTensor, type PTensor, type TDtype } from "./tensor";

export interface Args {
  pos: Value[];
  kw: Map<string, Value>;
  span: Span;
  /** Spans of the positional arguments, then keyword ones by name, for located errors. */
  posSpans: Span[];
  kwSpans: Map<string, Span>;
  /** Some arguments came from *args (CPython names a METH_NOARGS method differently then). */
  starred?: boolean;
}

export type Fn = (args: Args) => Value;

/** Whether an argument, positional or keyword (but `skipKw`), satisfies pred: every call asks, so no array is built. */
export function anyArg(args: Args, pred: (v: Value) => boolean, skipKw?: string): boolean {
  for (const v of args.pos) if (pred(v)) return true;
  for (const [k, v] of args.kw) if (k !== skipKw && pred(v)) return true;
  return false;
}

export type Value =
  | PTensor
  | { t: "int"; v: number }
  | { t: "float"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "str"; v: string }
  /** gen: a generator Python has here (a generator expression, Module.parameters()): walking it or next() consumes it. */
  | { t: "list"; items: Value[]; gen?: { pos: number } }
  /** A list literal of numbers read by the fast path: a list to Python, a Float64Array to us. */
  | { t: "numlist"; data: Float64Array; shape: number[]; allInt: boolean }
  /** size: a torch.Size; named: a namedtuple such as torch.return_types.max (values, indices). */
  | { t: "tuple"; items: Value[]; size?: boolean; named?: { type: string; fields: string[] } }
  | { t: "dict"; keys: Value[]; values: Value[] }
  | { t: "module"; name: string }
  /** method: a native method in a class's attributes (bound to the instance like a def). */
  /** context "noop": also a context manager and decorator that changes nothing here (autocast on a CPU build);
   *  self: the tensor a Tensor method is bound to. */
  | { t: "builtin"; name: string; fn: Fn; method?: boolean; context?: "noop"; self?: PTensor }
  | { t: "dtype"; dtype: TDtype; np: boolean }
  /** custom: a TripletMarginWithDistanceLoss's own distance_function (a user function): computed by the evaluator. */
  | { t: "criterion"; record: LossRecord; options: Record<string, OptionValue>; given: Record<string, OptionValue>; span: Span; custom?: Value; module?: LceModule }
  /** An nn layer: activations, PairwiseDistance / CosineSimilarity, Linear / Embedding (params: weight, bias). */
  | { t: "layer"; kind: string; dim: number | null; distance?: { p: number; eps: number }; params?: Map<string, PTensor>; config?: Record<string, number | boolean>; children?: Value[]; kwargs?: Map<string, Value>; repr?: string; buffers?: Map<string, PTensor>; /** Module.training (absent: True) */ training?: boolean }
  | { t: "slice"; start: number | null; stop: number | null; step: number | null }
  | { t: "ellipsis" }
  | FunctionValue
  | ClassValue
  | InstanceValue
  /** A function bound to its first argument (obj.method, or cls for a classmethod). */
  | { t: "method"; self: Value; fn: Value; name: string }
  /** @staticmethod / @classmethod / @property around a function in a class body. */
  | { t: "wrapper"; kind: "staticmethod" | "classmethod" | "property"; fn: Value }
  | { t: "super"; cls: ClassValue; self: Value }
  /** A tensor's grad_fn (or AccumulateGrad for a leaf): printed with an address, next_functions walks the graph. */
  | { t: "node"; name: string; key: object; inputs: (PTensor | null)[] }
  | { t: "set"; items: Value[] }
  /** An exception object (raised, or bound by `except E as e`). */
  | { t: "exception"; kind: string; message: string; args: Value[] }
  /** torch.no_grad() / torch.enable_grad() / torch.set_grad_enabled(mode): context managers and decorators. */
  | { t: "gradmode"; on: boolean; what: string; prev?: boolean; anomaly?: { on: boolean; prev: boolean } }
  | { t: "npscalar"; dtype: TDtype; v: number }
  | { t: "range"; start: number; stop: number; step: number }
  /** iter(x): the items left to walk (generator expressions are lists here, so every iterator is over a list). */
  | { t: "iterator"; what: string; items: Value[]; pos: number }
  | { t: "opaque"; what: string }
  | { t: "unavailable"; name: string; line: number };

/** Variables of a function call, a class body or the module, and where names not found here are looked up. */
export class Scope {
  /** Names declared `global` in this function. */
  globals: Set<string> | null = null;
  /** A def or lambda made here (or in a scope inside) holds it: its variables outlive the call. */
  captured = false;
  constructor(
    readonly vars: Map<string, Value>,
    readonly parent: Scope | null,
    /** A class body: its names are not visible to the functions defined in it. */
    readonly isClass = false,
  ) {}
}

export interface FunctionValue {
  t: "function";
  name: string;
  params: Param[];
  /** A def's statements, or a lambda's expression. */
  body: Stmt[] | Expr;
  defaults: (Value | null)[];
  /** The scope the function was defined in (closures). */
  closure: Scope | null;
  /** The class whose body defined it (for super() without arguments). */
  owner?: ClassValue;
  /** Decorated with @torch.no_grad() / @torch.enable_grad(): runs in that grad mode. */
  gradMode?: boolean;
}

export interface ClassValue {
  t: "class";
  name: string;
  bases: ClassValue[];
  attrs: Map<string, Value>;
  /** A built-in type as type() answers it (int, torch.Tensor, ValueError...): its repr's dotted name. */
  qualname?: string;
  /** A class of torch's the user may subclass: nn.Module, or a loss class (its constructor builtin). */
  native?: { kind: "module" } | { kind: "loss"; ctor: Value } | { kind: "exception" };
  /** Its instances' repr, where torch defines one (torch.distributions). */
  reprOf?: (inst: InstanceValue) => string;
}

/** What an nn.LinearCrossEntropyLoss owns beyond a criterion's options: its nn.Linear and out_features. */
export interface LceModule {
  linear: Extract<Value, { t: "layer" }>;
  outFeatures: number[];
}

export interface InstanceValue {
  t: "instance";
  cls: ClassValue;
  attrs: Map<string, Value>;
/** A subclass of a built-in loss: the criterion its nn.XLoss.__init__ built. */
  native?: Value;
  /** nn.Module.__init__ has run. */
  moduleInit?: boolean;
  /** Module.training, set by train() / eval() (absent: True). */
  training?: boolean;
}

/** torch.nn.Module, as a base class and for isinstance. */
export const MODULE_CLASS: ClassValue = { t: "class", name: "Module", bases: [], attrs: new Map(), native: { kind: "module" } };

/** The class and its bases in method resolution order (depth-first, left to right, each once). */
export function mro(c: ClassValue): ClassValue[] {
  const out: ClassValue[] = [];
  const visit = (k: ClassValue) => {
    const at = out.indexOf(k);
    if (at >= 0) out.splice(at, 1);
    out.push(k);
    k.bases.forEach(visit);
  };
  visit(c);
  return out;
}

export function isModuleClass(c: ClassValue): boolean {
  return mro(c).some((k) => k.native?.kind === "module" || k.native?.kind === "loss");
}

export const NONE: Value = { t: "none" };

const addresses = new WeakMap<object, string>();
let nextAddress = 0x7f3a5c2e1000;

/** A stable made-up object address per node, as Python prints objects ("at 0x" and hex digits). */
export function addressOf(key: object): string {
  let a = addresses.get(key);
  if (!a) {
    nextAddress += 0x60;
    a = "0x" + nextAddress.toString(16);
    addresses.set(key, a);
  }
  return a;
}
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
    case "set":
      return v.t === "tuple" && v.size ? "torch.Size" : v.t === "numlist" ? "list" : v.t;
    case "class":
      return "type";
    case "instance":
      return v.cls.name;
    case "method":
      return "method";
    case "wrapper":
      return v.kind;
    case "super":
      return "super";
    case "node":
      return v.name;
    case "exception":
      return v.kind;
    case "gradmode":
      return v.what;
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
    case "iterator":
    case "opaque":
      return v.what;
    case "unavailable":
      return "object";
  }
}

/** Python's repr of a tuple of ints (a shape): (3,), (2, 3), (). */
export function intTupleRepr(items: readonly number[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

/** nn.Module.__repr__: the name, then each sub-module (attributes holding modules, in the order they were set)
 *  on its own line as `(name): repr`, indented as _addindent does. */
function moduleRepr(v: InstanceValue): string {
  const children = [...v.attrs].filter(([, x]) => !isTensor(x) && (x.t === "layer" || x.t === "criterion" || (x.t === "instance" && isModuleClass(x.cls))));
  if (!children.length) return `${v.cls.name}()`;
  return `${v.cls.name}(\n${children.map(([k, x]) => `  (${k}): ${repr(x).replace(/\n/g, "\n  ")}`).join("\n")}\n)`;
}

/** nn.LinearCrossEntropyLoss's repr: its extra_repr, then its linear layer's. */
function lceRepr(v: Extract<Value, { t: "criterion" }> & { module: LceModule }): string {
  const o = v.options;
  const lin = v.module.linear;
  const inF = Number(lin.config?.in_features);
  const outF = v.module.outFeatures;
  const bias = lin.params?.has("bias") ? "True" : "False";
  const ignore = o.ignore_index === null || o.ignore_index === undefined ? "None" : String(o.ignore_index);
  return (
    `LinearCrossEntropyLoss(\n  in_features=${inF}, num_classes=${o.num_classes}, out_features=${intTupleRepr(outF)}, bias=${bias}, reduction=${o.reduction}, ` +
    `ignore_index=${ignore}, label_smoothing=${floatRepr(Number(o.label_smoothing))}, options=None\n` +
    `  (linear): Linear(in_features=${inF}, out_features=${lin.config?.out_features}, bias=${bias})\n)`
  );
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
      if (v.named) return `${v.named.type}(\n${v.named.fields.map((f, i) => `${f}=${repr(v.items[i])}`).join(",\n")})`;
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
      if (v.module) return lceRepr(v as Extract<Value, { t: "criterion" }> & { module: LceModule });
      return `${v.record.className}()`;
    case "layer":
      if (v.repr) return v.repr;
      // Sequential / ModuleList: each child on its own line, indented as PyTorch's _addindent does.
      if (v.children) return v.children.length ? `${v.kind}(\n${v.children.map((c, i) => `  (${i}): ${repr(c).replace(/\n/g, "\n  ")}`).join("\n")}\n)` : `${v.kind}()`;
      if (v.distance) return v.kind === "PairwiseDistance" ? `PairwiseDistance()` : `<function ${v.kind}>`;
      if (v.kind === "Linear") return `Linear(in_features=${v.config?.in_features}, out_features=${v.config?.out_features}, bias=${v.params?.has("bias") ? "True" : "False"})`;
      return v.kind === "Softmax" || v.kind === "LogSoftmax" || v.kind === "Softmin" ? `${v.kind}(dim=${v.dim === null ? "None" : v.dim})` : `${v.kind}()`;
    case "slice":
      return `slice(${[v.start, v.stop, v.step].map((x) => (x === null ? "None" : String(x))).join(", ")})`;
    case "ellipsis":
      return "Ellipsis";
    case "function":
      return `<function ${v.name} at 0x7f0000000000>`;
    case "class":
      if (v.qualname) return `<class '${v.qualname}'>`;
      return v.native ? `<class 'torch.nn.modules.${v.name}'>` : `<class '__main__.${v.name}'>`;
    case "instance":
      if (v.cls.reprOf) return v.cls.reprOf(v);
      if (mro(v.cls).some((k) => ["__repr__", "__str__", "extra_repr"].some((m) => k.attrs.has(m)))) throw new Unsupported(`${v.cls.name}'s own __repr__`);
      if (isModuleClass(v.cls)) return moduleRepr(v);
      return `<__main__.${v.cls.name} object at 0x7f0000000000>`;
    case "method":
      return `<bound method ${v.name} of ${repr(v.self)}>`;
    case "wrapper":
      return `<${v.kind} object at 0x7f0000000000>`;
    case "super":
      return `<super: <class '${v.cls.name}'>, <${typeName(v.self)} object>>`;
    case "node":
      return `<${v.name} object at ${addressOf(v.key)}>`;
    case "set":
      return v.items.length ? "{" + v.items.map(repr).join(", ") + "}" : "set()";
    case "exception":
      return `${v.kind}(${v.args.map(repr).join(", ")})`;
    case "gradmode":
      return `<torch.autograd.grad_mode.${v.what} object at 0x7f0000000000>`;
    case "npscalar":
      return npScalarStr(v);
    case "range":
      return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    case "iterator":
      return `<${v.what} object at 0x7f0000000000>`;
    case "opaque":
      return v.what.startsWith("device(") ? v.what : `<${v.what}>`;
    case "unavailable":
      return "<unavailable>";
  }
}

/** Python's str(). */
export function toStr(v: Value): string {
  if (isTensor(v)) return v.numpy ? ndarrayRepr(v, true) : tensorRepr(v);
  if (v.t === "str") return v.v;
  if (v.t === "opaque" && v.what.startsWith("device(type='")) return /type='([^']*)'(?:, index=(\d+))?/.exec(v.what)!.slice(1).filter(Boolean).join(":");
  if (v.t === "exception") return v.args.length === 1 ? toStr(v.args[0]) : v.args.length === 0 ? "" : repr({ t: "tuple", items: v.args });
  return repr(v);
}

/** format(value, spec): 0-dim tensors format as their Python number (Tensor.__format__ calls item()). */
export function formatValue(v: Value, spec: string): string {
  try {
    if (isTensor(v)) {
      if (v.ndim === 0 && !v.numpy) {
        if (v.dtype === "bool") return formatString(v.data[0] ? "True" : "False", spec);
        return formatNumber(v.data[0], isIntegral(v.dtype), spec);
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
