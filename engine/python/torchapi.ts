// The torch / torch.nn / torch.nn.functional / numpy names the subset knows, and the methods and attributes
// of tensors. Anything else on those modules is reported as unsupported (a warning), never guessed.
import { torchBehaviour, warningIn } from "../api/versions";
import type { Engine } from "../api/types";
import { fma, fmaf } from "./fma";
import { getByFunctional, getLoss } from "../catalog";
import { PyError, Unsupported, type Span } from "./errors";
import { callLoss, constructLoss, type LossOutcome } from "./lossbridge";
import { fillNormal, fillRandomInt, fillUniform, MT19937 } from "./random";
import * as T from "./tensor";
import { isTensor, PTensor, type TDtype } from "./tensor";
import { bool, float, int, NONE, typeName, type Args, type Fn, type Value } from "./values";

export interface Ctx {
  rng: MT19937;
  engine: Engine;
  warn(message: string, span: Span): void;
  /** A loss was computed at span (the statement decides whether it becomes a result). */
  onLoss(outcome: LossOutcome, span: Span): void;
  backward(t: PTensor, gradient: PTensor | undefined): void;
}

// ---------------------------------------------------------------- argument helpers

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

function toInt(v: Value, what = "argument"): number {
  if (!isTensor(v) && v.t === "float") throw new PyError("TypeError", `${what} must be int, not float`);
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

function tensorArg(v: Value | undefined, fn: string, pos = 1, name = "input"): PTensor {
  if (v && isTensor(v)) return v;
  throw new PyError("TypeError", `${fn}(): argument '${name}' (position ${pos}) must be Tensor, not ${v ? typeName(v) : "None"}`);
}

function kw(args: Args, name: string, pos?: number): Value | undefined {
  if (args.kw.has(name)) return args.kw.get(name);
  return pos !== undefined ? args.pos[pos] : undefined;
}

function isNone(v: Value | undefined): boolean {
  return v === undefined || (!isTensor(v) && v.t === "none");
}

export function dtypeOf(v: Value | undefined): TDtype | null {
  if (isNone(v)) return null;
  if (v && !isTensor(v) && v.t === "dtype") return v.dtype;
  if (v && !isTensor(v) && v.t === "str") {
    const m: Record<string, TDtype> = { float32: "float32", float64: "float64", int64: "int64", float: "float64", int: "int64", double: "float64", bool: "bool", long: "int64" };
    if (m[v.v]) return m[v.v];
  }
  if (v && !isTensor(v) && v.t === "builtin") {
    if (v.name === "float") return "float64";
    if (v.name === "int") return "int64";
    if (v.name === "bool") return "bool";
  }
  throw new Unsupported(`dtype ${v && !isTensor(v) && v.t === "str" ? v.v : typeName(v as Value)} is not supported (float32, float64, int64 and bool are)`);
}

/** Sizes given as varargs (2, 3), a tuple/list, or torch.Size. */
function shapeOf(vals: Value[], fn: string, allowInfer = false): number[] {
  let items = vals;
  if (vals.length === 1 && !isTensor(vals[0]) && (vals[0].t === "tuple" || vals[0].t === "list" || vals[0].t === "numlist")) items = listItems(vals[0]);
  return items.map((v) => {
    if (isTensor(v) || !(v.t === "int" || v.t === "bool" || v.t === "npscalar")) {
      throw new PyError("TypeError", `${fn}(): argument 'size' must be tuple of ints, but found element of type ${typeName(v)}`);
    }
    const n = toNumber(v);
    if (n < 0 && !(allowInfer && n === -1)) throw new PyError("RuntimeError", `Trying to create tensor with negative dimension ${n}: [${items.map((x) => toNumber(x)).join(", ")}]`);
    return n;
  });
}

function sizeArgs(args: Args, fn: string): number[] {
  const size = args.kw.get("size");
  return size ? shapeOf([size], fn) : shapeOf(args.pos, fn);
}

function finish(t: PTensor, args: Args): PTensor {
  const rg = args.kw.get("requires_grad");
  if (rg && !isTensor(rg) && rg.t === "bool" && rg.v) requiresGrad(t, true);
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
  random: boolean;
}

/** Flattens nested lists / tuples / tensors into values and a regular shape (PyTorch's messages otherwise). */
export function flatten(v: Value): Flat {
  if (isTensor(v)) return { values: Array.from(v.data), shape: v.shape.slice(), kind: v.isFloat ? "float" : v.dtype === "bool" ? "bool" : "int", dtype: v.dtype, random: v.random };
  if (v.t === "numlist") return { values: v.data, shape: v.shape.slice(), kind: v.allInt ? "int" : "float", random: false };
  const values: number[] = [];
  let kind: Flat["kind"] = "bool";
  let dtype: TDtype | undefined;
  let random = false;
  const rank = (k: Flat["kind"]) => (k === "bool" ? 0 : k === "int" ? 1 : 2);
  const walk = (x: Value, depth: number, shape: number[]): void => {
    if (isTensor(x)) {
      if (x.ndim === 0 || x.numel === 1) {
        values.push(x.data[0]);
        const k = x.isFloat ? "float" : x.dtype === "bool" ? "bool" : "int";
        if (rank(k) >= rank(kind)) kind = k;
        if (x.isFloat) dtype = dtype === "float64" ? dtype : x.dtype;
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
    const n = toNumber(x, "tensor element");
    values.push(n);
    const k: Flat["kind"] = x.t === "float" ? "float" : x.t === "bool" ? "bool" : x.t === "npscalar" ? (x.dtype === "int64" ? "int" : x.dtype === "bool" ? "bool" : "float") : "int";
    if (x.t === "npscalar" && k === "float") dtype = dtype === "float64" ? dtype : x.dtype;
    if (rank(k) > rank(kind)) kind = k;
  };
  const shape: number[] = [];
  walk(v, 0, shape);
  if (values.length === 0 && shape.length && kind === "bool") kind = "float";
  return { values, shape, kind, dtype, random };
}

export function listItems(v: Value): Value[] {
  if (isTensor(v)) return [];
  if (v.t === "list" || v.t === "tuple") return v.items;
  if (v.t === "numlist") {
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
  else if (f.kind === "int") dt = "int64";
  else dt = "bool";
  if (np && isTensor(data) && !dtype) dt = data.dtype;
  const t = T.fromArray(dt, f.shape, f.values);
  t.numpy = np;
  t.random = f.random;
  return t;
}

// ---------------------------------------------------------------- modules

const TORCH_DTYPES: Record<string, TDtype> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  int64: "int64",
  long: "int64",
  bool: "bool",
};

const NP_DTYPES: Record<string, TDtype> = { float32: "float32", float64: "float64", int64: "int64", bool_: "bool", double: "float64", single: "float32" };

const UNARY_NAMES = new Set(["exp", "log", "log1p", "expm1", "sqrt", "sigmoid", "tanh", "abs", "sign", "relu", "square", "floor", "ceil", "round", "sin", "cos", "log2", "log10", "reciprocal"]);
const NP_UNARY = new Set(["exp", "log", "log1p", "expm1", "sqrt", "tanh", "abs", "sign", "square", "floor", "ceil", "round", "sin", "cos", "log2", "log10", "absolute"]);
const LAYERS = new Set(["Sigmoid", "Softmax", "LogSoftmax", "ReLU", "Tanh", "Identity"]);

function builtin(name: string, fn: Fn): Value {
  return { t: "builtin", name, fn };
}

export function moduleAttr(mod: string, name: string, ctx: Ctx): Value | undefined {
  switch (mod) {
    case "torch":
      return torchAttr(name, ctx);
    case "torch.nn":
      return nnAttr(name, ctx);
    case "torch.nn.functional":
      return functionalAttr(name, ctx);
    case "numpy":
      return numpyAttr(name, ctx);
    case "math":
      return mathAttr(name);
  }
  return undefined;
}

function mathAttr(name: string): Value | undefined {
  const consts: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN, tau: 2 * Math.PI };
  if (name in consts) return float(consts[name]);
  const fns: Record<string, (x: number) => number> = { exp: Math.exp, log: Math.log, sqrt: Math.sqrt, log1p: Math.log1p, tanh: Math.tanh, sin: Math.sin, cos: Math.cos, fabs: Math.abs };
  if (name in fns) {
    return builtin(`math.${name}`, (a) => {
      const x = toNumber(a.pos[0] ?? NONE, `math.${name}() argument`);
      if ((name === "log" || name === "sqrt") && (x < 0 || (name === "log" && x === 0))) throw new PyError("ValueError", "math domain error");
      return float(fns[name](x));
    });
  }
  return undefined;
}

function unaryFn(name: string, op: string): Value {
  return builtin(name, (a) => T.unary(op, tensorArg(kw(a, "input", 0), name)));
}

function torchAttr(name: string, ctx: Ctx): Value | undefined {
  if (name in TORCH_DTYPES) return { t: "dtype", dtype: TORCH_DTYPES[name], np: false };
  if (name === "nn") return { t: "module", name: "torch.nn" };
  if (name === "pi") return float(Math.PI);
  if (UNARY_NAMES.has(name)) return unaryFn(`torch.${name}`, name);
  const D = (a: Args, i?: number) => dtypeOf(kw(a, "dtype", i));
  const F: Record<string, Fn> = {
    tensor: (a) => {
      if (!a.pos.length && !a.kw.has("data")) throw new PyError("TypeError", "tensor() missing 1 required positional arguments: \"data\"");
      return finish(tensorFrom(kw(a, "data", 0)!, D(a), false), a);
    },
    as_tensor: (a) => tensorFrom(kw(a, "data", 0)!, D(a), false),
    from_numpy: (a) => {
      const t = tensorArg(a.pos[0], "from_numpy");
      const r = T.detach(t);
      r.numpy = false;
      return r;
    },
    FloatTensor: (a) => legacyCtor(a, "float32"),
    DoubleTensor: (a) => legacyCtor(a, "float64"),
    LongTensor: (a) => legacyCtor(a, "int64"),
    BoolTensor: (a) => legacyCtor(a, "bool"),
    Tensor: (a) => legacyCtor(a, "float32"),
    ones: (a) => finish(T.full(sizeArgs(a, "ones"), 1, D(a) ?? "float32"), a),
    zeros: (a) => finish(T.full(sizeArgs(a, "zeros"), 0, D(a) ?? "float32"), a),
    empty: (a) => finish(T.full(sizeArgs(a, "empty"), 0, D(a) ?? "float32"), a),
    full: (a) => {
      const size = shapeOf([kw(a, "size", 0) ?? NONE], "full");
      const fv = kw(a, "fill_value", 1);
      if (!fv) throw new PyError("TypeError", "full() missing required argument 'fill_value'");
      const kind = isTensor(fv) ? (fv.isFloat ? "float" : "int") : fv.t;
      const dt = D(a) ?? (kind === "float" ? "float32" : kind === "bool" ? "bool" : "int64");
      return finish(T.full(size, toNumber(fv), dt), a);
    },
    ones_like: (a) => likeCtor(a, 1),
    zeros_like: (a) => likeCtor(a, 0),
    empty_like: (a) => likeCtor(a, 0),
    full_like: (a) => likeCtor(a, toNumber(kw(a, "fill_value", 1) ?? NONE)),
    arange: (a) => finish(arange(a), a),
    linspace: (a) => finish(linspace(a, torchBehaviour(ctx.engine.pytorch).linspace === "vectorBody"), a),
    eye: (a) => {
      const n = toInt(kw(a, "n", 0) ?? NONE);
      const m = isNone(kw(a, "m", 1)) ? n : toInt(kw(a, "m", 1)!);
      const t = T.full([n, m], 0, D(a) ?? "float32");
      for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
      return finish(t, a);
    },
    rand: (a) => finish(random(ctx, sizeArgs(a, "rand"), D(a) ?? "float32", "uniform"), a),
    randn: (a) => finish(random(ctx, sizeArgs(a, "randn"), D(a) ?? "float32", "normal"), a),
    rand_like: (a) => finish(randomLike(ctx, a, "uniform"), a),
    randn_like: (a) => finish(randomLike(ctx, a, "normal"), a),
    randint: (a) => {
      // randint(high, size) or randint(low, high, size)
      const pos = a.pos.filter((v) => isTensor(v) || (v.t !== "tuple" && v.t !== "list"));
      const sizeV = a.kw.get("size") ?? a.pos.find((v) => !isTensor(v) && (v.t === "tuple" || v.t === "list"));
      let low = a.kw.has("low") ? toInt(a.kw.get("low")!) : 0;
      let high: number;
      if (a.kw.has("high")) high = toInt(a.kw.get("high")!);
      else if (pos.length >= 2) {
        low = toInt(pos[0]);
        high = toInt(pos[1]);
      } else if (pos.length === 1) high = toInt(pos[0]);
      else throw new PyError("TypeError", "randint() received an invalid combination of arguments");
      if (!sizeV) throw new PyError("TypeError", "randint() missing required argument 'size'");
      if (low >= high) throw new PyError("RuntimeError", `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
      const t = T.full(shapeOf([sizeV], "randint"), 0, D(a) ?? "int64");
      fillRandomInt(ctx.rng, t.data, low, high);
      t.random = true;
      return finish(t, a);
    },
    manual_seed: (a) => {
      const s = toInt(kw(a, "seed", 0) ?? NONE);
      ctx.rng.seed(s);
      return { t: "opaque", what: "torch._C.Generator object" };
    },
    softmax: (a) => softmaxCall(a, "softmax", false, ctx, false),
    log_softmax: (a) => softmaxCall(a, "log_softmax", true, ctx, false),
    sum: (a) => reduceCall(tensorArg(kw(a, "input", 0), "sum"), a, "sum", 1),
    mean: (a) => reduceCall(tensorArg(kw(a, "input", 0), "mean"), a, "mean", 1),
    max: (a) => extremeCall(a, "max"),
    min: (a) => extremeCall(a, "min"),
    argmax: (a) => T.argExtreme(tensorArg(a.pos[0], "argmax"), "max"),
    argmin: (a) => T.argExtreme(tensorArg(a.pos[0], "argmin"), "min"),
    clamp: (a) => clampCall(tensorArg(kw(a, "input", 0), "clamp"), a, 1),
    pow: (a) => T.binary("**", operand(kw(a, "input", 0)!, "pow"), operand(kw(a, "exponent", 1)!, "pow", 2, "exponent")),
    add: (a) => T.binary("+", operand(a.pos[0], "add"), operand(kw(a, "other", 1)!, "add", 2, "other")),
    sub: (a) => T.binary("-", operand(a.pos[0], "sub"), operand(kw(a, "other", 1)!, "sub", 2, "other")),
    mul: (a) => T.binary("*", operand(a.pos[0], "mul"), operand(kw(a, "other", 1)!, "mul", 2, "other")),
    div: (a) => T.binary("/", operand(a.pos[0], "div"), operand(kw(a, "other", 1)!, "div", 2, "other")),
    maximum: (a) => T.binary("max", tensorArg(a.pos[0], "maximum"), tensorArg(a.pos[1], "maximum", 2, "other")),
    minimum: (a) => T.binary("min", tensorArg(a.pos[0], "minimum"), tensorArg(a.pos[1], "minimum", 2, "other")),
    dot: (a) => T.matmul(tensorArg(a.pos[0], "dot"), tensorArg(a.pos[1], "dot", 2, "tensor")),
    matmul: (a) => T.matmul(tensorArg(a.pos[0], "matmul"), tensorArg(a.pos[1], "matmul", 2, "other")),
    mm: (a) => T.matmul(tensorArg(a.pos[0], "mm"), tensorArg(a.pos[1], "mm", 2, "mat2")),
    norm: (a) => T.norm(tensorArg(a.pos[0], "norm"), isNone(kw(a, "p", 1)) ? 2 : toNumber(kw(a, "p", 1)!)),
    cat: (a) => T.concat(listItems(kw(a, "tensors", 0) ?? NONE).map((v, i) => tensorArg(v, "cat", i + 1, "tensors")), isNone(kw(a, "dim", 1)) ? 0 : toInt(kw(a, "dim", 1)!), false),
    stack: (a) => T.concat(listItems(kw(a, "tensors", 0) ?? NONE).map((v, i) => tensorArg(v, "stack", i + 1, "tensors")), isNone(kw(a, "dim", 1)) ? 0 : toInt(kw(a, "dim", 1)!), true),
    reshape: (a) => T.reshape(tensorArg(a.pos[0], "reshape"), shapeOf(a.pos.slice(1), "reshape", true), "ReshapeAliasBackward0"),
    flatten: (a) => T.reshape(tensorArg(a.pos[0], "flatten"), [-1], "ReshapeAliasBackward0"),
    squeeze: (a) => T.squeeze(tensorArg(a.pos[0], "squeeze"), isNone(kw(a, "dim", 1)) ? null : toInt(kw(a, "dim", 1)!)),
    unsqueeze: (a) => T.unsqueeze(tensorArg(a.pos[0], "unsqueeze"), toInt(kw(a, "dim", 1) ?? NONE)),
    t: (a) => T.t2d(tensorArg(a.pos[0], "t")),
    transpose: (a) => T.transpose(tensorArg(a.pos[0], "transpose"), toInt(a.pos[1]), toInt(a.pos[2])),
    detach: (a) => T.detach(tensorArg(a.pos[0], "detach")),
    numel: (a) => int(tensorArg(a.pos[0], "numel").numel),
    is_tensor: (a) => bool(isTensor(a.pos[0]) && !(a.pos[0] as PTensor).numpy),
    clone: (a) => T.clone(tensorArg(a.pos[0], "clone")),
    neg: (a) => T.neg(tensorArg(a.pos[0], "neg")),
  };
  if (F[name]) return builtin(`torch.${name}`, F[name]);
  // torch.nn.functional losses are also torch.* functions in PyTorch (torch.binary_cross_entropy_with_logits ...).
  return undefined;
}

function legacyCtor(a: Args, dtype: TDtype): PTensor {
  if (a.pos.length === 1 && !isTensor(a.pos[0]) && (a.pos[0].t === "list" || a.pos[0].t === "tuple" || a.pos[0].t === "numlist")) {
    return tensorFrom(a.pos[0], dtype, false);
  }
  if (a.pos.length === 1 && isTensor(a.pos[0])) return T.cast(a.pos[0], dtype);
  return T.full(shapeOf(a.pos, "new"), 0, dtype);
}

function likeCtor(a: Args, value: number): PTensor {
  const t = tensorArg(kw(a, "input", 0), "ones_like");
  const r = T.full(t.shape.slice(), value, dtypeOf(a.kw.get("dtype")) ?? t.dtype);
  r.numpy = t.numpy;
  return finish(r, a);
}

function random(ctx: Ctx, shape: number[], dtype: TDtype, kind: "uniform" | "normal"): PTensor {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new PyError("RuntimeError", `"${kind === "normal" ? "normal_kernel_cpu" : "uniform_kernel_cpu"}" not implemented for '${T.dtypeName(dtype)}'`);
  }
  const t = T.full(shape, 0, dtype);
  if (kind === "normal") fillNormal(ctx.rng, t.data);
  else fillUniform(ctx.rng, t.data);
  t.random = true;
  return t;
}

function randomLike(ctx: Ctx, a: Args, kind: "uniform" | "normal"): PTensor {
  const t = tensorArg(kw(a, "input", 0), kind === "normal" ? "randn_like" : "rand_like");
  return random(ctx, t.shape.slice(), dtypeOf(a.kw.get("dtype")) ?? t.dtype, kind);
}

function arange(a: Args): PTensor {
  const nums = a.pos.slice(0, 3);
  for (const k of ["start", "end", "step"]) if (a.kw.has(k)) nums.push(a.kw.get(k)!);
  const isF = nums.some((v) => (!isTensor(v) && v.t === "float") || (isTensor(v) && v.isFloat));
  const n = nums.map((v) => toNumber(v));
  let start = 0;
  let end: number;
  let step = 1;
  if (a.kw.has("end") || n.length >= 2) {
    [start, end, step = 1] = a.kw.has("start") || n.length >= 2 ? n : [0, n[0]];
  } else end = n[0];
  if (end === undefined) throw new PyError("TypeError", "arange() received an invalid combination of arguments");
  if (step === 0) throw new PyError("RuntimeError", "step must be nonzero");
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new PyError("RuntimeError", "upper bound and larger bound inconsistent with step sign");
  }
  const count = Math.ceil((end - start) / step);
  const dt = dtypeOf(a.kw.get("dtype")) ?? (isF ? "float32" : "int64");
  const t = T.full([count], 0, dt);
  for (let i = 0; i < count; i++) t.data[i] = start + i * step;
  return t;
}

function linspace(a: Args, vectorBody = true): PTensor {
  const start = toNumber(kw(a, "start", 0) ?? NONE);
  const end = toNumber(kw(a, "end", 1) ?? NONE);
  const stepsV = kw(a, "steps", 2);
  if (!stepsV) throw new PyError("TypeError", "linspace() missing required argument 'steps'");
  const steps = toInt(stepsV);
  if (steps < 0) throw new PyError("RuntimeError", "number of steps must be non-negative");
  const dt = dtypeOf(a.kw.get("dtype")) ?? "float32";
  const t = T.full([steps], 0, dt);
  if (steps === 1) t.data[0] = start;
  else if (steps > 1) {
    // ATen's linspace kernel in the dtype: the first half counts up from start, the second down from end, with
    // one FMA each (the AVX2 build contracts them). Its vectorized body (chunks of two 32-byte vectors) takes
    // each vector's first index for the whole vector and adds lane * step (not fused); the n % 16 (float64:
    // n % 8) trailing elements use the per-element formula (PyTorch 2.x: every element). Checked bit for bit
    // against torch.linspace.
    const float = dt === "float32" || dt === "float64";
    const r = dt === "float32" ? Math.fround : (x: number) => x;
    const fused = dt === "float32" ? fmaf : fma;
    const step = r(r(r(end) - r(start)) / (steps - 1));
    const half = Math.floor(steps / 2);
    const at = (i: number) => (!float ? (i < half ? start + step * i : end - step * (steps - i - 1)) : i < half ? fused(step, i, r(start)) : fused(-step, steps - i - 1, r(end)));
    const lanes = dt === "float32" ? 8 : 4;
    const body = float && vectorBody ? steps - (steps % (2 * lanes)) : 0;
    for (let i = 0; i < steps; i++) {
      const lane = i % lanes;
      t.data[i] = i < body ? r(at(i - lane) + r(lane * step)) : at(i);
    }
  }
  return t;
}

function dimArg(a: Args, pos: number): number | null {
  const v = kw(a, "dim", pos);
  if (isNone(v)) return null;
  if (!isTensor(v!) && (v!.t === "tuple" || v!.t === "list")) {
    if (v!.items.length !== 1) throw new Unsupported("reductions over several dimensions at once are not supported");
    return toInt(v!.items[0]);
  }
  return toInt(v!, "dim");
}

export function reduceCall(t: PTensor, a: Args, op: "sum" | "mean", dimPos: number): PTensor {
  const dim = dimArg(a, dimPos);
  const keep = kw(a, "keepdim", dimPos + 1);
  const keepdim = !!keep && !isTensor(keep) && keep.t === "bool" && keep.v;
  const dt = dtypeOf(a.kw.get("dtype"));
  const src = dt ? T.castOp(t, dt) : t;
  return op === "sum" ? T.sum(src, dim, keepdim) : T.mean(src, dim, keepdim);
}

function extremeCall(a: Args, which: "max" | "min"): Value {
  const t = tensorArg(a.pos[0], which);
  if (a.pos.length > 1 && isTensor(a.pos[1])) return T.binary(which, t, a.pos[1]);
  if (a.pos.length > 1 || a.kw.has("dim")) throw new Unsupported(`${which}(dim) is not supported (max()/min() over all elements and torch.maximum are)`);
  return T.extreme(t, which);
}

export function clampCall(t: PTensor, a: Args, pos: number): PTensor {
  const lo = kw(a, "min", pos);
  const hi = kw(a, "max", pos + 1);
  if (isNone(lo) && isNone(hi)) throw new PyError("RuntimeError", "torch.clamp: At least one of 'min' or 'max' must not be None");
  return T.clamp(t, isNone(lo) ? null : toNumber(lo!), isNone(hi) ? null : toNumber(hi!));
}

export function softmaxCall(a: Args, name: string, log: boolean, ctx: Ctx, functional: boolean, self?: PTensor): PTensor {
  const t = self ?? tensorArg(kw(a, "input", 0), name);
  const off = self ? 0 : 1;
  const d = kw(a, "dim", off);
  let dim: number;
  if (isNone(d)) {
    if (!functional) throw new PyError("TypeError", `${name}() received an invalid combination of arguments - got (${self ? "" : "Tensor"}), but expected (int dim, torch.dtype dtype)`);
    ctx.warn(`UserWarning: Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`, a.span);
    dim = T.implicitSoftmaxDim(t.ndim);
  } else dim = toInt(d!, "dim");
  const dt = dtypeOf(a.kw.get("dtype"));
  return T.softmax(dt ? T.castOp(t, dt) : t, dim, log);
}

// ---------------------------------------------------------------- torch.nn and torch.nn.functional

function nnAttr(name: string, ctx: Ctx): Value | undefined {
  if (name === "functional") return { t: "module", name: "torch.nn.functional" };
  const record = getLoss(name);
  if (record) {
    return builtin(`nn.${name}`, (a) => {
      if (record.deprecated) ctx.warn(`UserWarning: ${warningIn(ctx.engine.pytorch, record.deprecated)}`, a.span);
      const { options, given } = constructLoss(record, a, torchBehaviour(ctx.engine.pytorch));
      return { t: "criterion", record, options, given, span: a.span };
    });
  }
  if (name === "PairwiseDistance") {
    // Only as TripletMarginWithDistanceLoss's distance_function: the engine computes that distance itself.
    return builtin("nn.PairwiseDistance", (a) => ({
      t: "layer",
      kind: name,
      dim: null,
      distance: { p: toNumber(kw(a, "p", 0) ?? float(2), "p"), eps: toNumber(kw(a, "eps", 1) ?? float(1e-6), "eps") },
    }));
  }
  if (LAYERS.has(name)) {
    return builtin(`nn.${name}`, (a) => {
      const d = kw(a, "dim", 0);
      return { t: "layer", kind: name, dim: name === "Softmax" || name === "LogSoftmax" ? (isNone(d) ? null : toInt(d!, "dim")) : null };
    });
  }
  return undefined;
}

function functionalAttr(name: string, ctx: Ctx): Value | undefined {
  const record = getByFunctional(name);
  if (record) {
    return builtin(`F.${name}`, (a) => {
      const out = callLoss(ctx.engine, record, {}, a, true);
      ctx.onLoss(out, a.span);
      return out.value;
    });
  }
  switch (name) {
    case "pairwise_distance":
      // As a distance_function value (p=2, eps=1e-6, PyTorch's defaults); calling it directly is not supported.
      return { t: "layer", kind: "pairwise_distance", dim: null, distance: { p: 2, eps: 1e-6 } };
    case "softmax":
      return builtin("F.softmax", (a) => softmaxCall(a, "softmax", false, ctx, true));
    case "log_softmax":
      return builtin("F.log_softmax", (a) => softmaxCall(a, "log_softmax", true, ctx, true));
    case "sigmoid":
    case "relu":
    case "tanh":
      return unaryFn(`F.${name}`, name);
  }
  return undefined;
}

/** Calling an nn module instance: a loss criterion or an activation layer. */
export function callModule(m: Value, a: Args, ctx: Ctx): Value {
  if (isTensor(m)) throw new PyError("TypeError", "'Tensor' object is not callable");
  if (m.t === "criterion") {
    const out = callLoss(ctx.engine, m.record, m.options, a, false);
    ctx.onLoss(out, a.span);
    return out.value;
  }
  if (m.t === "layer") {
    if (a.pos.length !== 1) throw new PyError("TypeError", `${m.kind}.forward() takes 2 positional arguments but ${a.pos.length + 1} were given`);
    if (m.distance) throw new Unsupported(`calling ${m.kind} directly is not supported (it works as TripletMarginWithDistanceLoss's distance_function)`);
    const x = tensorArg(a.pos[0], `${m.kind}.forward`);
    switch (m.kind) {
      case "Sigmoid":
        return T.unary("sigmoid", x);
      case "ReLU":
        return T.unary("relu", x);
      case "Tanh":
        return T.unary("tanh", x);
      case "Identity":
        return x;
      default: {
        let dim = m.dim;
        if (dim === null) {
          ctx.warn(`UserWarning: Implicit dimension choice for ${m.kind === "Softmax" ? "softmax" : "log_softmax"} has been deprecated. Change the call to include dim=X as an argument.`, a.span);
          dim = T.implicitSoftmaxDim(x.ndim);
        }
        return T.softmax(x, dim, m.kind === "LogSoftmax");
      }
    }
  }
  throw new PyError("TypeError", `'${typeName(m)}' object is not callable`);
}

// ---------------------------------------------------------------- numpy

function toNdarray(v: Value, fn: string): PTensor {
  if (isTensor(v)) {
    if (v.requiresGrad) throw new PyError("RuntimeError", "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    return v;
  }
  if (v.t === "list" || v.t === "tuple" || v.t === "numlist") return tensorFrom(v, null, true);
  void fn;
  return tensorFrom(v, null, true);
}

/** A numpy result: 0-dim arrays become numpy scalars, as numpy returns them. */
function npResult(t: PTensor, keepTensor: boolean): Value {
  if (keepTensor) {
    // np.ufunc(torch tensor): __array_wrap__ gives back a tensor, without autograd history.
    const r = T.detach(t);
    r.numpy = false;
    return r;
  }
  t.numpy = true;
  if (t.ndim === 0) return { t: "npscalar", dtype: t.dtype, v: t.data[0] };
  return t;
}

function numpyAttr(name: string, ctx: Ctx): Value | undefined {
  void ctx;
  if (name in NP_DTYPES) return { t: "dtype", dtype: NP_DTYPES[name], np: true };
  const consts: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN };
  if (name in consts) return float(consts[name]);
  if (NP_UNARY.has(name)) {
    const op = name === "absolute" ? "abs" : name;
    return builtin(`np.${name}`, (a) => {
      const x = a.pos[0] ?? NONE;
      if (isNumber(x)) {
        const t = T.scalarTensor(toNumber(x), !isTensor(x) && x.t === "npscalar" ? x.dtype : !isTensor(x) && x.t === "int" && (op === "abs" || op === "sign" || op === "square") ? "int64" : "float64");
        t.numpy = true;
        return npResult(T.withNoGrad(() => T.unary(op, t, true)), false);
      }
      const arr = toNdarray(x, name);
      const src = arr.isFloat || op === "abs" || op === "sign" || op === "square" ? arr : T.cast(arr, "float64");
      return npResult(T.withNoGrad(() => T.unary(op, src, true)), isTensor(x) && !x.numpy);
    });
  }
  const F: Record<string, Fn> = {
    array: (a) => tensorFrom(kw(a, "object", 0) ?? NONE, dtypeOf(a.kw.get("dtype")), true),
    asarray: (a) => tensorFrom(kw(a, "a", 0) ?? NONE, dtypeOf(a.kw.get("dtype")), true),
    zeros: (a) => npCtor(a, 0),
    ones: (a) => npCtor(a, 1),
    sum: (a) => npReduce(a, "sum"),
    mean: (a) => npReduce(a, "mean"),
    maximum: (a) => npResult(T.withNoGrad(() => T.binary("max", toNdarray(a.pos[0], "maximum"), toNdarray(a.pos[1], "maximum"))), false),
    minimum: (a) => npResult(T.withNoGrad(() => T.binary("min", toNdarray(a.pos[0], "minimum"), toNdarray(a.pos[1], "minimum"))), false),
    arange: (a) => {
      const t = arange(a);
      const r = t.isFloat ? T.cast(t, "float64") : t;
      r.numpy = true;
      return r;
    },
    linspace: (a) => {
      if (!a.kw.has("steps") && a.pos.length < 3 && !a.kw.has("num")) a.kw.set("steps", int(50));
      if (a.kw.has("num")) a.kw.set("steps", a.kw.get("num")!);
      const x = T.full([0], 0, "float64");
      void x;
      const start = toNumber(a.pos[0]);
      const end = toNumber(a.pos[1]);
      const n = toInt(kw(a, "steps", 2)!);
      const t = T.full([n], 0, "float64");
      const step = (end - start) / (n - 1);
      for (let i = 0; i < n; i++) t.data[i] = i === n - 1 ? end : start + i * step;
      t.numpy = true;
      return t;
    },
  };
  if (F[name]) return builtin(`np.${name}`, F[name]);
  return undefined;
}

function npCtor(a: Args, value: number): PTensor {
  const t = T.full(sizeArgs(a, "zeros"), value, dtypeOf(a.kw.get("dtype")) ?? "float64");
  t.numpy = true;
  return t;
}

function npReduce(a: Args, op: "sum" | "mean"): Value {
  const x = a.pos[0] ?? NONE;
  const arr = toNdarray(x, op);
  const src = op === "mean" && !arr.isFloat ? T.cast(arr, "float64") : arr;
  const r = T.withNoGrad(() => (op === "sum" ? T.sum(src, null) : T.mean(src, null)));
  return npResult(r, isTensor(x) && !x.numpy);
}

// ---------------------------------------------------------------- tensor methods and attributes

export function tensorAttr(t: PTensor, name: string, ctx: Ctx): Value | undefined {
  switch (name) {
    case "shape":
      return { t: "tuple", items: t.shape.map(int), size: !t.numpy };
    case "dtype":
      return t.numpy ? { t: "str", v: t.dtype } : { t: "dtype", dtype: t.dtype, np: false };
    case "grad":
      return t.grad ?? NONE;
    case "requires_grad":
      return bool(t.requiresGrad);
    case "is_leaf":
      return bool(t.gradFn === null);
    case "grad_fn":
      return t.gradFn ? { t: "opaque", what: `${t.gradFn.name} object` } : NONE;
    case "T":
      return t.ndim <= 2 ? T.t2d(t) : T.transpose(t, 0, t.ndim - 1);
    case "data":
      return T.detach(t);
    case "ndim":
      return int(t.ndim);
    case "size":
      if (t.numpy) return int(t.numel);
      break;
    case "device":
      return { t: "opaque", what: "device(type='cpu')" };
  }
  const M = methods(t, ctx);
  if (M[name]) return builtin(name, M[name]);
  return undefined;
}

function methods(t: PTensor, ctx: Ctx): Record<string, Fn> {
  const cast = (dt: TDtype) => () => T.castOp(t, dt);
  const m: Record<string, Fn> = {
    float: cast("float32"),
    double: cast("float64"),
    long: cast("int64"),
    int: cast("int64"),
    bool: cast("bool"),
    astype: (a) => T.cast(t, dtypeOf(a.pos[0]) ?? t.dtype),
    to: (a) => {
      const dt = dtypeOf(a.kw.get("dtype") ?? a.pos.find((v) => !isTensor(v) && v.t === "dtype"));
      return dt ? T.castOp(t, dt) : t;
    },
    type: (a) => {
      if (!a.pos.length) return { t: "str", v: `torch.${T.dtypeName(t.dtype)}Tensor` };
      return T.castOp(t, dtypeOf(a.pos[0]) ?? t.dtype);
    },
    cpu: () => t,
    contiguous: () => t,
    softmax: (a) => softmaxCall(a, "softmax", false, ctx, false, t),
    log_softmax: (a) => softmaxCall(a, "log_softmax", true, ctx, false, t),
    sum: (a) => (t.numpy ? npReduce({ ...a, pos: [t] }, "sum") : reduceCall(t, a, "sum", 0)),
    mean: (a) => (t.numpy ? npReduce({ ...a, pos: [t] }, "mean") : reduceCall(t, a, "mean", 0)),
    max: (a) => extremeCall({ ...a, pos: [t, ...a.pos] }, "max"),
    min: (a) => extremeCall({ ...a, pos: [t, ...a.pos] }, "min"),
    argmax: () => T.argExtreme(t, "max"),
    argmin: () => T.argExtreme(t, "min"),
    clamp: (a) => clampCall(t, a, 0),
    clamp_min: (a) => T.clamp(t, toNumber(a.pos[0]), null),
    clip: (a) => clampCall(t, a, 0),
    pow: (a) => T.binary("**", t, operand(kw(a, "exponent", 0)!, "pow", 1, "exponent")),
    add: (a) => T.binary("+", t, operand(kw(a, "other", 0)!, "add", 1, "other")),
    sub: (a) => T.binary("-", t, operand(kw(a, "other", 0)!, "sub", 1, "other")),
    mul: (a) => T.binary("*", t, operand(kw(a, "other", 0)!, "mul", 1, "other")),
    div: (a) => T.binary("/", t, operand(kw(a, "other", 0)!, "div", 1, "other")),
    neg: () => T.neg(t),
    view: (a) => T.reshape(t, shapeOf(a.pos, "view", true)),
    reshape: (a) => T.reshape(t, shapeOf(a.pos, "reshape", true), "ReshapeAliasBackward0"),
    view_as: (a) => T.reshape(t, tensorArg(a.pos[0], "view_as").shape),
    flatten: () => T.reshape(t, [-1], "ReshapeAliasBackward0"),
    t: () => T.t2d(t),
    transpose: (a) => T.transpose(t, toInt(a.pos[0]), toInt(a.pos[1])),
    squeeze: (a) => T.squeeze(t, isNone(kw(a, "dim", 0)) ? null : toInt(kw(a, "dim", 0)!)),
    unsqueeze: (a) => T.unsqueeze(t, toInt(kw(a, "dim", 0) ?? NONE)),
    detach: () => T.detach(t),
    clone: () => T.clone(t),
    numpy: () => {
      if (t.requiresGrad) throw new PyError("RuntimeError", "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
      const r = T.detach(t);
      r.numpy = true;
      return r;
    },
    requires_grad_: (a) => {
      const v = kw(a, "requires_grad", 0);
      return requiresGrad(t, v === undefined ? true : toNumber(v) !== 0);
    },
    backward: (a) => {
      const g = kw(a, "gradient", 0);
      ctx.backward(t, g && isTensor(g) ? g : undefined);
      return NONE;
    },
    item: () => {
      if (t.numel !== 1) throw new PyError("RuntimeError", `a Tensor with ${t.numel} elements cannot be converted to Scalar`);
      const v = t.data[0];
      if (t.numpy) return { t: "npscalar", dtype: t.dtype, v };
      return t.isFloat ? float(v) : t.dtype === "bool" ? bool(v !== 0) : int(v);
    },
    tolist: () => toList(t),
    size: (a) => {
      if (a.pos.length) return int(t.shape[T.normDim(toInt(a.pos[0]), t.ndim)]);
      return { t: "tuple", items: t.shape.map(int), size: true };
    },
    dim: () => int(t.ndim),
    numel: () => int(t.numel),
    nelement: () => int(t.numel),
    dot: (a) => T.matmul(t, tensorArg(a.pos[0], "dot", 1, "tensor")),
    mm: (a) => T.matmul(t, tensorArg(a.pos[0], "mm", 1, "mat2")),
    matmul: (a) => T.matmul(t, tensorArg(a.pos[0], "matmul", 1, "other")),
    norm: (a) => T.norm(t, isNone(kw(a, "p", 0)) ? 2 : toNumber(kw(a, "p", 0)!)),
    random_: (a) => {
      inPlaceCheck(t);
      let from = 0;
      let to: number;
      const p = a.pos.map((v) => toInt(v));
      if (a.kw.has("to")) to = toInt(a.kw.get("to")!);
      else if (p.length === 2) [from, to] = p;
      else if (p.length === 1) to = p[0];
      else to = t.dtype === "float32" ? 2 ** 24 + 1 : t.dtype === "float64" ? 2 ** 53 + 1 : 2 ** 53;
      if (a.kw.has("from")) from = toInt(a.kw.get("from")!);
      if (from >= to) throw new PyError("RuntimeError", `random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
      fillRandomInt(ctx.rng, t.data, from, to);
      t.random = true;
      return t;
    },
    uniform_: (a) => {
      inPlaceCheck(t);
      fillUniform(ctx.rng, t.data, isNone(kw(a, "from", 0)) ? 0 : toNumber(kw(a, "from", 0)!), isNone(kw(a, "to", 1)) ? 1 : toNumber(kw(a, "to", 1)!));
      t.random = true;
      return t;
    },
    normal_: (a) => {
      inPlaceCheck(t);
      fillNormal(ctx.rng, t.data, isNone(kw(a, "mean", 0)) ? 0 : toNumber(kw(a, "mean", 0)!), isNone(kw(a, "std", 1)) ? 1 : toNumber(kw(a, "std", 1)!));
      t.random = true;
      return t;
    },
    fill_: (a) => {
      inPlaceCheck(t);
      t.data.fill(toNumber(a.pos[0]));
      return t;
    },
    zero_: () => {
      inPlaceCheck(t);
      t.data.fill(0);
      return t;
    },
    sign: () => T.unary("sign", t),
  };
  for (const op of UNARY_NAMES) if (!m[op]) m[op] = () => T.unary(op, t);
  return m;
}

function inPlaceCheck(t: PTensor): void {
  if (t.requiresGrad && !t.gradFn) {
    throw new PyError("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

export function toList(t: PTensor): Value {
  const st = T.stridesOf(t.shape);
  const el = (v: number): Value => (t.isFloat ? float(v) : t.dtype === "bool" ? bool(v !== 0) : int(v));
  const rec = (d: number, off: number): Value => {
    if (d === t.ndim) return el(t.data[off]);
    return { t: "list", items: Array.from({ length: t.shape[d] }, (_, i) => rec(d + 1, off + i * st[d])) };
  };
  return rec(0, 0);
}
