// Argument helpers shared by the torch / nn / numpy namespaces and the tensor methods: Python values to numbers,
// dtypes, sizes and operands, with PyTorch's TypeErrors; nested data to tensors (torch.tensor, np.array).
import { budget, ITEM_BYTES } from "../budget";
import { PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor, PTensor, type TDtype } from "../tensor";
import { float, hasOwn, int, typeName, type Args, type Fn, type Value } from "../values";
import { evalTorch } from "../version";

/** A device argument (.to("cuda"), device=...): a CPU build has only the CPU, and says so for CUDA and device indices. */
export function checkDevice(v: Value, fname?: string): void {
  if (!isTensor(v) && v.t === "none") return;
  const s = !isTensor(v) && v.t === "str" ? v.v : !isTensor(v) && v.t === "opaque" && v.what.startsWith("device(") ? v.what : "";
  if (/cuda/.test(s)) throw new PyError("AssertionError", "Torch not compiled with CUDA enabled");
  if (!isTensor(v) && v.t === "int") {
    if (v.v < 0) throw new PyError("RuntimeError", "Device index must not be negative");
    const e = evalTorch().deviceIndexError;
    throw new PyError(e.type, e.message);
  }
  // A device= keyword that is no device (to()'s positional tensor is its `other` overload: fname unset there).
  if (fname && !s && (isTensor(v) || v.t !== "str")) throw new PyError("TypeError", `${fname}(): argument 'device' must be torch.device, not ${typeName(v)}`);
}

export function builtin(name: string, fn: Fn): Value {
  return { t: "builtin", name, fn };
}

/** A module constructor's arguments by parameter name (positional or keyword), those `keep` accepts. */
export function moduleKwargs(a: Args, params: string[], keep: (name: string, v: Value | undefined) => boolean): Map<string, Value> {
  const kwargs = new Map<string, Value>();
  params.forEach((p, i) => {
    const v = kw(a, p, i);
    if (keep(p, v)) kwargs.set(p, v!);
  });
  return kwargs;
}

export function isNumber(v: Value): boolean {
  if (isTensor(v)) return false;
  return v.t === "int" || v.t === "float" || v.t === "bool" || v.t === "npscalar";
}

export function toNumber(v: Value, what = "argument"): number {
  if (isTensor(v)) {
    if (v.numel !== 1) throw new PyError("ValueError", "only one element tensors can be converted to Python scalars");
    return v.data[0];
  }
  switch (v.t) {
    case "int":
    case "float":
    case "npscalar":
      return v.v;
    case "bool":
      return v.v ? 1 : 0;
  }
  throw new PyError("TypeError", `${what} must be a number, not ${typeName(v)}`);
}

export function toInt(v: Value, what = "argument"): number {
  if (!isTensor(v) && v.t === "float") throw new PyError("TypeError", `${what} must be int, not float`);
  // ATen's parser rejects a bool for an int dim (torch.argmax(x, True)); Python's own ints take bools.
  if (what === "dim" && !isTensor(v) && v.t === "bool") throw new PyError("TypeError", "argument 'dim' must be int, not bool");
  const n = toNumber(v, what);
  if (!Number.isInteger(n)) throw new PyError("TypeError", `${what} must be int, not float`);
  return n;
}

/** A Python number as a tensor-op operand. */
export function scalarOf(v: Value): T.Scalar | null {
  if (isTensor(v)) return null;
  switch (v.t) {
    case "int":
      return { value: v.v, kind: "int" };
    case "float":
      return { value: v.v, kind: "float" };
    case "bool":
      return { value: v.v ? 1 : 0, kind: "bool" };
    case "npscalar":
      return { value: v.v, kind: v.dtype === "int64" ? "int" : v.dtype === "bool" ? "bool" : "float" };
  }
  return null;
}

export function operand(v: Value, fn: string, pos = 1, name = "input"): T.Operand {
  if (isTensor(v)) return v;
  const s = scalarOf(v);
  if (s) return s;
  throw new PyError("TypeError", `${fn}(): argument '${name}' (position ${pos}) must be Tensor, not ${typeName(v)}`);
}

export function tensorArg(v: Value | undefined, fn: string, pos = 1, name = "input"): PTensor {
  if (v && isTensor(v)) return v;
  throw new PyError("TypeError", `${fn}(): argument '${name}' (position ${pos}) must be Tensor, not ${v ? typeName(v) : "None"}`);
}

export function kw(args: Args, name: string, pos?: number): Value | undefined {
  if (args.kw.has(name)) {
    // Given both ways (x.min(1, dim=0)): Python's TypeError, never one of them silently.
    if (pos !== undefined && pos < args.pos.length) throw new PyError("TypeError", `got multiple values for argument '${name}'`);
    return args.kw.get(name);
  }
  return pos !== undefined ? args.pos[pos] : undefined;
}

/** A bool argument (an int counts by its truth, as Python code reads a flag); absent or None: false. */
export function boolArg(v: Value | undefined): boolean {
  return !!v && !isTensor(v) && (v.t === "bool" ? v.v : v.t === "int" ? v.v !== 0 : false);
}

/** keepdim: ATen's parser takes a bool only (keepdim=1 is a TypeError, measured in 1.13 and 2.13). */
export function keepdimArg(v: Value | undefined): boolean {
  if (v && !isTensor(v) && v.t === "int") throw new PyError("TypeError", "argument 'keepdim' must be bool, not int");
  return boolArg(v);
}

/** A number argument, or dflt when absent or None. */
export function numberOr(v: Value | undefined, dflt: number, what = "argument"): number {
  return isNone(v) ? dflt : toNumber(v!, what);
}

/** An int argument, or dflt when absent or None. */
export function intOr(v: Value | undefined, dflt: number, what = "argument"): number {
  return isNone(v) ? dflt : toInt(v!, what);
}

export function isNone(v: Value | undefined): boolean {
  return v === undefined || (!isTensor(v) && v.t === "none");
}

/** The legacy tensor types (torch.IntTensor...): constructors, and `.type()`'s names. */
export const LEGACY_TYPES: Record<string, TDtype> = {
  FloatTensor: "float32",
  DoubleTensor: "float64",
  LongTensor: "int64",
  IntTensor: "int32",
  ShortTensor: "int16",
  CharTensor: "int8",
  ByteTensor: "uint8",
  BoolTensor: "bool",
};

/**
 * A dtype= argument. The narrow integer dtypes only where the caller handles them (`narrow`: constructors, casts,
 * sum's dtype=...); anywhere else they are refused by name rather than computed as another dtype.
 */
export function dtypeOf(v: Value | undefined, narrow = false): TDtype | null {
  const dt = dtypeOfAny(v);
  if (dt && !narrow && T.isNarrowInt(dt)) throw new Unsupported(`dtype=torch.${dt} here (it is taken by constructors and casts)`);
  return dt;
}

function dtypeOfAny(v: Value | undefined): TDtype | null {
  if (isNone(v)) return null;
  if (v && !isTensor(v) && v.t === "dtype") return v.dtype;
  if (v && !isTensor(v) && v.t === "str") {
    // numpy's names (astype("int")), and Tensor.type("torch.IntTensor").
    const m: Record<string, TDtype> = { float32: "float32", float64: "float64", int64: "int64", float: "float64", int: "int64", double: "float64", bool: "bool", long: "int64" };
    if (hasOwn(m, v.v)) return m[v.v];
    const legacy = v.v.startsWith("torch.") ? v.v.slice(6) : "";
    if (hasOwn(LEGACY_TYPES, legacy)) return LEGACY_TYPES[legacy];
  }
  if (v && !isTensor(v) && v.t === "builtin") {
    const legacy = v.name.startsWith("torch.") ? v.name.slice(6) : "";
    if (hasOwn(LEGACY_TYPES, legacy)) return LEGACY_TYPES[legacy];
    if (v.name === "float") return "float64";
    if (v.name === "int") return "int64";
    if (v.name === "bool") return "bool";
  }
  throw new Unsupported(`dtype ${v && !isTensor(v) && v.t === "str" ? v.v : typeName(v as Value)} is not supported (float32, float64, int64, int32, int16, int8, uint8 and bool are)`);
}

/** A fill value (torch.full, full_like, new_full) as the dtype stores it, overflow checked as c10 checks it. */
export function fillNumber(v: Value, dtype: TDtype): number {
  const n = toNumber(v);
  if (!T.isNarrowInt(dtype)) return n;
  return T.checkedNarrow(dtype, n, isTensor(v) ? v.isFloat : v.t === "float" || (v.t === "npscalar" && v.dtype !== "int64" && v.dtype !== "bool"), true);
}

/** Sizes given as varargs (2, 3), a tuple/list, or torch.Size. */
export function shapeOf(vals: Value[], fn: string, allowInfer = false): number[] {
  let items = vals;
  if (vals.length === 1 && !isTensor(vals[0]) && (vals[0].t === "tuple" || vals[0].t === "list" || vals[0].t === "numlist")) items = listItems(vals[0]);
  return items.map((v) => {
    if (isTensor(v) && v.numel === 1 && v.ndim === 0 && (v.dtype === "int64" || v.dtype === "bool")) return v.data[0];
    if (isTensor(v) || !(v.t === "int" || v.t === "bool" || v.t === "npscalar")) {
      throw new PyError("TypeError", `${fn}(): argument 'size' must be tuple of ints, but found element of type ${typeName(v)}`);
    }
    const n = toNumber(v);
    if (n < 0 && !(allowInfer && n === -1)) throw new PyError("RuntimeError", `Trying to create tensor with negative dimension ${n}: [${items.map((x) => toNumber(x)).join(", ")}]`);
    return n;
  });
}

export function sizeArgs(args: Args, fn: string): number[] {
  const size = args.kw.get("size");
  return size ? shapeOf([size], fn) : shapeOf(args.pos, fn);
}

export function finish(t: PTensor, args: Args): PTensor {
  const rg = args.kw.get("requires_grad");
  if (rg && !isTensor(rg) && rg.t === "bool" && rg.v) {
    // The factory's own check (capital O), not requires_grad_()'s.
    if (!t.isFloat) throw new PyError("RuntimeError", "Only Tensors of floating point and complex dtype can require gradients");
    requiresGrad(t, true);
  }
  return t;
}

export function requiresGrad(t: PTensor, on: boolean): PTensor {
  if (on && !t.isFloat) throw new PyError("RuntimeError", "only Tensors of floating point and complex dtype can require gradients");
  if (!on && t.gradFn) {
    throw new PyError("RuntimeError", "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
  }
  t.requiresGrad = on;
  return t;
}

// ---------------------------------------------------------------- data -> tensor

export interface Flat {
  values: number[] | Float64Array;
  shape: number[];
  kind: "bool" | "int" | "float";
  /** dtype of a tensor / ndarray / numpy scalar in the data, which decides the result's dtype. */
  dtype?: TDtype;
  /** The integer elements' promoted dtype (a Python int is an int64, a 0-dim int8 tensor an int8...). */
  intDtype?: TDtype;
  random: boolean;
}

/** Flattens nested lists / tuples / tensors into values and a regular shape (PyTorch's messages otherwise). */
export function flatten(v: Value): Flat {
  if (isTensor(v)) return { values: Array.from(v.data), shape: v.shape.slice(), kind: v.isFloat ? "float" : v.dtype === "bool" ? "bool" : "int", dtype: v.dtype, random: v.random };
  if (v.t === "numlist") return { values: v.data, shape: v.shape.slice(), kind: v.allInt ? "int" : "float", random: false };
  const values: number[] = [];
  let kind: Flat["kind"] = "bool";
  let dtype: TDtype | undefined;
  let intDtype: TDtype | undefined;
  let random = false;
  const rank = (k: Flat["kind"]) => (k === "bool" ? 0 : k === "int" ? 1 : 2);
  const intElement = (d: TDtype) => (intDtype = intDtype ? T.promoteSame(intDtype, d) : d);
  const walk = (x: Value, depth: number, shape: number[]): void => {
    if (isTensor(x)) {
      if (x.ndim === 0 || x.numel === 1) {
        values.push(x.data[0]);
        const k = x.isFloat ? "float" : x.dtype === "bool" ? "bool" : "int";
        if (rank(k) >= rank(kind)) kind = k;
        if (x.isFloat) dtype = dtype === "float64" ? dtype : x.dtype;
        if (T.isIntegral(x.dtype)) intElement(x.dtype);
        random ||= x.random;
        if (depth !== shape.length) throw new PyError("ValueError", "expected a sequence of numbers");
        return;
      }
      throw new PyError("ValueError", "only one element tensors can be converted to Python scalars");
    }
    if (x.t === "list" || x.t === "tuple" || x.t === "numlist") {
      const items = x.t === "numlist" ? listItems(x) : x.items;
      if (shape.length === depth) shape.push(items.length);
      else if (shape[depth] !== items.length) {
        throw new PyError("ValueError", `expected sequence of length ${shape[depth]} at dim ${depth} (got ${items.length})`);
      }
      for (const it of items) walk(it, depth + 1, shape);
      return;
    }
    if (depth !== shape.length) throw new PyError("TypeError", `not a sequence`);
    if (x.t === "none" || x.t === "str" || x.t === "dict") throw new PyError(x.t === "none" ? "RuntimeError" : "TypeError", x.t === "none" ? "Could not infer dtype of NoneType" : `new(): invalid data type '${x.t}'`);
    const n = toNumber(x, "tensor element");
    values.push(n);
    const k: Flat["kind"] = x.t === "float" ? "float" : x.t === "bool" ? "bool" : x.t === "npscalar" ? (x.dtype === "int64" ? "int" : x.dtype === "bool" ? "bool" : "float") : "int";
    if (x.t === "npscalar" && k === "float") dtype = dtype === "float64" ? dtype : x.dtype;
    if (k === "int") intElement("int64");
    if (rank(k) > rank(kind)) kind = k;
  };
  const shape: number[] = [];
  walk(v, 0, shape);
  if (values.length === 0 && shape.length && kind === "bool") kind = "float";
  return { values, shape, kind, dtype, intDtype, random };
}

export function listItems(v: Value): Value[] {
  if (isTensor(v)) return [];
  if (v.t === "list" || v.t === "tuple") return v.items;
  if (v.t === "numlist") {
    budget().alloc(v.shape[0], ITEM_BYTES * v.shape[0]);
    if (v.shape.length === 1) return Array.from(v.data, (x) => (v.allInt ? int(x) : float(x)));
    const inner = v.shape.slice(1);
    const n = inner.reduce((a, b) => a * b, 1);
    return Array.from({ length: v.shape[0] }, (_, i) => ({ t: "numlist", data: v.data.subarray(i * n, (i + 1) * n), shape: inner, allInt: v.allInt }) as Value);
  }
  return [];
}

/** torch.tensor(data, dtype=, requires_grad=) and np.array(data, dtype=). */
export function tensorFrom(data: Value, dtype: TDtype | null, np: boolean): PTensor {
  const f = flatten(data);
  let dt: TDtype;
  if (dtype) dt = dtype;
  else if (f.dtype && (isTensor(data) || f.kind === "float")) dt = f.kind === "float" && f.dtype !== "float64" && f.dtype !== "float32" ? "float32" : f.dtype;
  else if (f.kind === "float") dt = np ? "float64" : "float32";
  else if (f.kind === "int") dt = np ? "int64" : f.intDtype ?? "int64";
  else dt = "bool";
  if (np && isTensor(data) && !dtype) dt = data.dtype;
  // Python numbers into a narrow integer dtype are checked for overflow (a tensor's values are cast).
  if (T.isNarrowInt(dt) && !isTensor(data)) for (const v of f.values) T.checkedNarrow(dt, v, f.kind === "float", false);
  // A float tensor's values into a narrow dtype: the cast's conversion (through int32).
  if (T.isNarrowInt(dt) && isTensor(data) && data.isFloat) return T.cast(data, dt);
  const t = T.fromArray(dt, f.shape, f.values);
  t.numpy = np;
  t.random = f.random;
  return t;
}
