// The torch namespace: constructors, random, math and reductions on torch.*.
import { torchBehaviour, warningIn } from "../../api/versions";
import { fma, fmaf } from "../fma";
import { evalTorch, versionedError } from "../version";
import { PyError, Unsupported } from "../errors";
import { fillNormal, fillUniform } from "../random";
import * as T from "../tensor";
import { isTensor, PTensor, type TDtype } from "../tensor";
import { hasOwn, bool, float, int, NONE, typeName, type Args, type Fn, type Value } from "../values";
import { SHARED, dimsArg, varArgs } from "./shared";
import { meshgridCall } from "./moreops";
import { MISC_TORCH } from "./miscops";
import { randomIntInto, randomTorchAttr } from "./randomops";
import { builtin, dtypeOf, fillNumber, LEGACY_TYPES, finish, keepdimArg, isNone, kw, listItems, operand, shapeOf, sizeArgs, tensorArg, tensorFrom, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";
import { uninitialized } from "../uninit";

export const TORCH_DTYPES: Record<string, TDtype> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  int64: "int64",
  long: "int64",
  int32: "int32",
  int: "int32",
  int16: "int16",
  short: "int16",
  int8: "int8",
  uint8: "uint8",
  bool: "bool",
};



/** torch.<op> and Tensor.<op>() for every op of the element-wise table (tensor/ops.ts). */
export const UNARY_NAMES = new Set(T.UNARY_OPS);

/** The in-place element-wise functions torch itself has (torch.relu_(x)); the others exist only as methods. */
const TORCH_INPLACE_UNARY = new Set(["abs_", "acos_", "arccos_", "asin_", "arcsin_", "atan_", "arctan_", "ceil_", "cos_", "cosh_", "erf_", "exp_", "exp2_", "expm1_", "floor_", "log_", "log10_", "log1p_", "log2_", "neg_", "reciprocal_", "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_"]);

export function unaryFn(name: string, op: string): Value {
  return builtin(name, (a) => T.unary(op, tensorArg(kw(a, "input", 0), name)));
}

/** torch.polygamma(n, input) / Tensor.polygamma(n) (`self` given: the method). */
export function polygammaCall(a: Args, self: PTensor | null, name: string): PTensor {
  const n = toInt(kw(a, "n", 0) ?? NONE, `polygamma(): argument 'n' (position 1)`);
  return T.polygamma(n, self ?? tensorArg(kw(a, "input", 1), name));
}

export function torchAttr(name: string, ctx: Ctx): Value | undefined {
  if (hasOwn(TORCH_DTYPES, name)) return { t: "dtype", dtype: TORCH_DTYPES[name], np: false };
  if (name === "nn") return { t: "module", name: "torch.nn" };
  if (name === "pi") return float(Math.PI);
  if (name === "no_grad" || name === "enable_grad" || name === "inference_mode") {
    return builtin(`torch.${name}`, (a) => {
      const mode = name === "inference_mode" ? kw(a, "mode", 0) : undefined;
      return { t: "gradmode", on: name === "enable_grad" || (mode !== undefined && !isTensor(mode) && mode.t === "bool" && !mode.v), what: name };
    });
  }
  if (name === "set_grad_enabled") {
    // Sets the mode when called (as PyTorch's constructor does); as a context manager it restores the previous one.
    return builtin("torch.set_grad_enabled", (a) => {
      const v = kw(a, "mode", 0);
      const on = !!v && !isTensor(v) && (v.t === "bool" ? v.v : toNumber(v) !== 0);
      const prev = T.setGradEnabled(on);
      return { t: "gradmode", on, what: "set_grad_enabled", prev };
    });
  }
  if (name === "is_grad_enabled") return builtin("torch.is_grad_enabled", () => bool(T.isGradEnabled()));
  if (UNARY_NAMES.has(name)) return unaryFn(`torch.${name}`, name);
  if (TORCH_INPLACE_UNARY.has(name) && UNARY_NAMES.has(name.slice(0, -1))) {
    const op = name.slice(0, -1);
    return builtin(`torch.${name}`, (a) => T.inplace(tensorArg(kw(a, "input", 0), name), (self) => T.unary(op, self), name));
  }
  if (name === "polygamma") return builtin("torch.polygamma", (a) => polygammaCall(a, null, "polygamma"));
  if (hasOwn(SHARED, name)) return builtin(`torch.${name}`, (a) => SHARED[name](tensorArg(kw(a, name === "where" ? "condition" : "input", 0), name), a, 1, ctx));
  if (name === "cuda" || name === "jit" || name === "linalg" || name === "special" || name === "autograd" || name === "optim" || name === "distributions") return { t: "module", name: `torch.${name}` };
  if (name === "finfo") {
    return builtin("torch.finfo", (a) => {
      const dt = dtypeOf(kw(a, "type", 0) ?? { t: "dtype", dtype: "float32", np: false }) ?? "float32";
      if (dt !== "float32" && dt !== "float64") throw new PyError("TypeError", "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
      const f32 = dt === "float32";
      const max = f32 ? 3.4028234663852886e38 : 1.7976931348623157e308;
      const attrs = new Map<string, Value>([
        ["eps", float(f32 ? 1.1920928955078125e-7 : 2.220446049250313e-16)],
        ["max", float(max)],
        ["min", float(-max)],
        ["tiny", float(f32 ? 1.1754943508222875e-38 : 2.2250738585072014e-308)],
        ["bits", int(f32 ? 32 : 64)],
        ["dtype", { t: "str", v: dt }],
      ]);
      return { t: "instance", cls: { t: "class", name: "finfo", bases: [], attrs: new Map() }, attrs };
    });
  }
  if (name === "device") {
    return builtin("torch.device", (a) => {
      const v = kw(a, "type", 0);
      const s = v && !isTensor(v) && v.t === "str" ? v.v : "cpu";
      return { t: "opaque", what: `device(type='${s.split(":")[0]}'${s.includes(":") ? `, index=${s.split(":")[1]}` : ""})` };
    });
  }
  const D = (a: Args, i?: number) => dtypeOf(kw(a, "dtype", i), true);
  // vstack: every tensor at least 2-D (a vector as one row), joined along dim 0; hstack: at least 1-D, joined along
  // dim 0 for vectors, else dim 1.
  const stack2 = (a: Args, fname: string, which: 0 | 1): Value => {
    const ts = listItems(kw(a, "tensors", 0) ?? NONE).map((v, i) => tensorArg(v, fname, i + 1, "tensors"));
    if (!ts.length) throw new PyError("RuntimeError", `${fname} expects a non-empty TensorList`);
    if (which === 0) return T.concat(ts.map((t) => (t.ndim === 0 ? T.reshape(t, [1, 1]) : t.ndim === 1 ? T.unsqueeze(t, 0) : t)), 0, false);
    const ones = ts.map((t) => (t.ndim === 0 ? T.reshape(t, [1]) : t));
    return T.concat(ones, ones[0].ndim === 1 ? 0 : 1, false);
  };
  // outer(v1, v2): v1.reshape(-1, 1) * v2 (MulBackward0, as ATen composes it).
  const outer = (a: Args, fname: string): Value => {
    const x = tensorArg(kw(a, "input", 0), fname);
    const y = tensorArg(kw(a, "vec2", 1), fname, 2, "vec2");
    // ger is outer (its checks name outer).
    if (x.ndim !== 1 || y.ndim !== 1) throw new PyError("RuntimeError", `outer: Expected 1-D argument ${x.ndim !== 1 ? "self" : "vec2"}, but got ${x.ndim !== 1 ? x.ndim : y.ndim}-D`);
    return T.binary("*", T.reshape(x, [x.numel, 1], evalTorch().reshapeGradFn), y);
  };
  const varMean = (a: Args, sqrt: boolean): Value => {
    const fname = sqrt ? "std_mean" : "var_mean";
    const t = tensorArg(kw(a, "input", 0), fname);
    return { t: "tuple", items: T.varianceMean(t, varArgs(t, a, 1, sqrt, fname, ctx)) };
  };
  const F: Record<string, Fn> = {
    tensor: (a) => {
      if (!a.pos.length && !a.kw.has("data")) throw new PyError("TypeError", "tensor() missing 1 required positional arguments: \"data\"");
      return finish(tensorFrom(kw(a, "data", 0)!, D(a), false), a);
    },
    result_type: (a) => ({ t: "dtype", dtype: T.resultType(operand(kw(a, "tensor", 0) ?? NONE, "result_type", 1, "tensor"), operand(kw(a, "other", 1) ?? NONE, "result_type", 2, "other")), np: false }),
    as_tensor: (a) => tensorFrom(kw(a, "data", 0)!, D(a), false),
    from_numpy: (a) => {
      const t = tensorArg(a.pos[0], "from_numpy");
      const r = T.detach(t);
      r.numpy = false;
      return r;
    },
    ...Object.fromEntries(Object.entries(LEGACY_TYPES).map(([name, dt]) => [name, (a: Args) => legacyCtor(a, dt)])),
    Tensor: (a) => legacyCtor(a, "float32"),
    ones: (a) => finish(T.full(sizeArgs(a, "ones"), 1, D(a) ?? "float32"), a),
    zeros: (a) => finish(T.full(sizeArgs(a, "zeros"), 0, D(a) ?? "float32"), a),
    empty: (a) => uninitialized(finish(T.full(sizeArgs(a, "empty"), 0, D(a) ?? "float32"), a)),
    full: (a) => {
      const size = shapeOf([kw(a, "size", 0) ?? NONE], "full");
      const fv = kw(a, "fill_value", 1);
      if (!fv) throw new PyError("TypeError", "full() missing required argument 'fill_value'");
      const kind = isTensor(fv) ? (fv.isFloat ? "float" : "int") : fv.t;
      const dt = D(a) ?? (kind === "float" ? "float32" : kind === "bool" ? "bool" : "int64");
      return finish(T.full(size, fillNumber(fv, dt), dt), a);
    },
    ones_like: (a) => likeCtor(a, 1),
    zeros_like: (a) => likeCtor(a, 0),
    empty_like: (a) => uninitialized(likeCtor(a, 0)),
    full_like: (a) => likeCtor(a, kw(a, "fill_value", 1) ?? NONE),
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
      const dt = D(a) ?? "int64";
      // random_from_to's bounds check for a narrow dtype, in C++'s type names; the draws are int64's (they depend on
      // the range only: measured, int32 / int8 as int64 in both versions).
      if (T.isNarrowInt(dt)) {
        const [lo, hi] = T.intRange(dt);
        const cName = { int32: "int", int16: "short", int8: "signed char", uint8: "unsigned char" }[dt];
        if (low < lo || low > hi) throw new PyError("RuntimeError", `from is out of bounds for ${cName}`);
        if (high - 1 < lo || high - 1 > hi) throw new PyError("RuntimeError", `to - 1 is out of bounds for ${cName}`);
      }
      return finish(randomIntInto(ctx, T.full(shapeOf([sizeV], "randint"), 0, dt), low, high), a);
    },
    manual_seed: (a) => {
      const s = toInt(kw(a, "seed", 0) ?? NONE);
      ctx.rng.seed(s);
      return { t: "opaque", what: "torch._C.Generator object" };
    },
    softmax: (a) => softmaxCall(a, "softmax", false, ctx, false),
    log_softmax: (a) => softmaxCall(a, "log_softmax", true, ctx, false),
    logsumexp: (a) => logsumexpCall(tensorArg(kw(a, "input", 0), "logsumexp"), a, 1),
    bmm: (a) => T.bmm(tensorArg(kw(a, "input", 0), "bmm"), tensorArg(kw(a, "mat2", 1), "bmm", 2, "mat2")),
    // einsum(equation, *operands) or einsum(equation, [operands])
    einsum: (a) => {
      const eq = kw(a, "equation", 0);
      if (!eq || isTensor(eq) || eq.t !== "str") throw new PyError("TypeError", "einsum(): argument 'equation' must be str");
      const rest = a.pos.slice(1);
      const ops = rest.length === 1 && !isTensor(rest[0]) ? listItems(rest[0]) : rest;
      return T.einsum(eq.v, ops.map((v, i) => tensorArg(v, "einsum", i + 2, "operands")));
    },
    vstack: (a) => stack2(a, "vstack", 0),
    row_stack: (a) => stack2(a, "row_stack", 0),
    hstack: (a) => stack2(a, "hstack", 1),
    fliplr: (a) => T.flip(tensorArg(kw(a, "input", 0), "fliplr"), [1]),
    flipud: (a) => T.flip(tensorArg(kw(a, "input", 0), "flipud"), [0]),
    outer: (a) => outer(a, "outer"),
    ger: (a) => outer(a, "ger"),
    var_mean: (a) => varMean(a, false),
    std_mean: (a) => varMean(a, true),
    sum: (a) => reduceCall(tensorArg(kw(a, "input", 0), "sum"), a, "sum", 1),
    mean: (a) => reduceCall(tensorArg(kw(a, "input", 0), "mean"), a, "mean", 1),
    clamp: (a) => clampCall(tensorArg(kw(a, "input", 0), "clamp"), a, 1),
    pow: (a) => T.binary("**", operand(kw(a, "input", 0) ?? NONE, "pow"), operand(kw(a, "exponent", 1) ?? NONE, "pow", 2, "exponent")),
    add: (a) => addCall(operand(kw(a, "input", 0) ?? NONE, "add"), a, 1, "+", { called: "add", ctx }),
    sub: (a) => addCall(operand(kw(a, "input", 0) ?? NONE, "sub"), a, 1, "-", { called: "sub", ctx }),
    mul: (a) => T.binary("*", operand(kw(a, "input", 0) ?? NONE, "mul"), operand(kw(a, "other", 1) ?? NONE, "mul", 2, "other")),
    div: (a) => T.binary("/", operand(kw(a, "input", 0) ?? NONE, "div"), operand(kw(a, "other", 1) ?? NONE, "div", 2, "other")),
    // numpy-style aliases of mul / sub / div (ATen's multiply, subtract, divide call them).
    multiply: (a) => T.binary("*", operand(kw(a, "input", 0) ?? NONE, "multiply"), operand(kw(a, "other", 1) ?? NONE, "multiply", 2, "other")),
    subtract: (a) => addCall(operand(kw(a, "input", 0) ?? NONE, "subtract"), a, 1, "-"),
    divide: (a) => T.binary("/", operand(kw(a, "input", 0) ?? NONE, "divide"), operand(kw(a, "other", 1) ?? NONE, "divide", 2, "other")),
    true_divide: (a) => T.binary("/", operand(kw(a, "input", 0) ?? NONE, "true_divide"), operand(kw(a, "other", 1) ?? NONE, "true_divide", 2, "other")),
    maximum: (a) => T.binary("max", tensorArg(kw(a, "input", 0), "maximum"), tensorArg(kw(a, "other", 1), "maximum", 2, "other")),
    minimum: (a) => T.binary("min", tensorArg(kw(a, "input", 0), "minimum"), tensorArg(kw(a, "other", 1), "minimum", 2, "other")),
    dot: (a) => T.matmul(tensorArg(kw(a, "input", 0), "dot"), tensorArg(kw(a, "tensor", 1), "dot", 2, "tensor")),
    matmul: (a) => T.matmul(tensorArg(kw(a, "input", 0), "matmul"), tensorArg(kw(a, "other", 1), "matmul", 2, "other")),
    mm: (a) => mmCall(tensorArg(kw(a, "input", 0), "mm"), tensorArg(kw(a, "mat2", 1), "mm", 2, "mat2")),
    cdist: (a) => T.cdist(tensorArg(kw(a, "x1", 0), "cdist"), tensorArg(kw(a, "x2", 1), "cdist", 2, "x2"), isNone(kw(a, "p", 2)) ? 2 : toNumber(kw(a, "p", 2)!)),
    clamp_min: (a) => clampSide(tensorArg(kw(a, "input", 0), "clamp_min"), kw(a, "min", 1), "min"),
    clamp_max: (a) => clampSide(tensorArg(kw(a, "input", 0), "clamp_max"), kw(a, "max", 1), "max"),
    clip: (a) => clampCall(tensorArg(kw(a, "input", 0), "clip"), a, 1),
    is_grad_enabled: () => bool(T.isGradEnabled()),
    one_hot: (a) => T.oneHot(tensorArg(kw(a, "input", 0), "one_hot"), isNone(kw(a, "num_classes", 1)) ? -1 : toInt(kw(a, "num_classes", 1)!)),
    scatter: (a) => scatterCall(T.clone(tensorArg(kw(a, "input", 0), "scatter")), a, 1),
    cat: (a) => T.concat(listItems(kw(a, "tensors", 0) ?? NONE).map((v, i) => tensorArg(v, "cat", i + 1, "tensors")), isNone(kw(a, "dim", 1)) ? 0 : toInt(kw(a, "dim", 1)!), false),
    stack: (a) => T.concat(listItems(kw(a, "tensors", 0) ?? NONE).map((v, i) => tensorArg(v, "stack", i + 1, "tensors")), isNone(kw(a, "dim", 1)) ? 0 : toInt(kw(a, "dim", 1)!), true),
    reshape: (a) => T.reshape(tensorArg(kw(a, "input", 0), "reshape"), shapeOf(a.kw.has("shape") ? [a.kw.get("shape")!] : a.pos.slice(1), "reshape", true), evalTorch().reshapeGradFn),
    flatten: (a) => flattenCall(tensorArg(kw(a, "input", 0), "flatten"), a, 1),
    squeeze: (a) => T.squeeze(tensorArg(kw(a, "input", 0), "squeeze"), isNone(kw(a, "dim", 1)) ? null : toInt(kw(a, "dim", 1)!)),
    unsqueeze: (a) => T.unsqueeze(tensorArg(kw(a, "input", 0), "unsqueeze"), toInt(kw(a, "dim", 1) ?? NONE)),
    t: (a) => T.t2d(tensorArg(kw(a, "input", 0), "t")),
    transpose: (a) => T.transpose(tensorArg(kw(a, "input", 0), "transpose"), toInt(kw(a, "dim0", 1) ?? NONE), toInt(kw(a, "dim1", 2) ?? NONE)),
    detach: (a) => T.detach(tensorArg(kw(a, "input", 0), "detach")),
    numel: (a) => int(tensorArg(kw(a, "input", 0), "numel").numel),
    is_tensor: (a) => bool(isTensor(a.pos[0]) && !(a.pos[0] as PTensor).numpy),
    is_floating_point: (a) => bool(tensorArg(kw(a, "input", 0), "is_floating_point").isFloat),
    clone: (a) => T.clone(tensorArg(kw(a, "input", 0), "clone")),
    neg: (a) => T.neg(tensorArg(kw(a, "input", 0), "neg")),
    meshgrid: (a) => meshgridCall(a, ctx),
  };
  if (hasOwn(F, name)) return builtin(`torch.${name}`, F[name]);
  if (hasOwn(MISC_TORCH, name)) return builtin(`torch.${name}`, MISC_TORCH[name]);
  const rnd = randomTorchAttr(name, ctx);
  if (rnd) return rnd;
  // torch.nn.functional losses are also torch.* functions in PyTorch (torch.binary_cross_entropy_with_logits ...).
  return undefined;
}

export function legacyCtor(a: Args, dtype: TDtype): PTensor {
  if (a.pos.length === 1 && !isTensor(a.pos[0]) && (a.pos[0].t === "list" || a.pos[0].t === "tuple" || a.pos[0].t === "numlist")) {
    return tensorFrom(a.pos[0], dtype, false);
  }
  if (a.pos.length === 1 && isTensor(a.pos[0])) return T.cast(a.pos[0], dtype);
  return uninitialized(T.full(shapeOf(a.pos, "new"), 0, dtype));
}

export function likeCtor(a: Args, value: number | Value): PTensor {
  const t = tensorArg(kw(a, "input", 0), "ones_like");
  const dt = dtypeOf(a.kw.get("dtype"), true) ?? t.dtype;
  const r = T.full(t.shape.slice(), typeof value === "number" ? value : fillNumber(value, dt), dt);
  r.numpy = t.numpy;
  return finish(r, a);
}

export function random(ctx: Ctx, shape: number[], dtype: TDtype, kind: "uniform" | "normal"): PTensor {
  if (dtype !== "float32" && dtype !== "float64") {
    // Measured: torch.rand of an integer dtype fails in check_uniform_bounds (2.x: a NotImplementedError).
    throw versionedError("RuntimeError", `"${kind === "normal" ? "normal_kernel_cpu" : "check_uniform_bounds"}" not implemented for '${T.dtypeName(dtype)}'`);
  }
  const t = T.full(shape, 0, dtype);
  if (kind === "normal") fillNormal(ctx.rng, t.data);
  else fillUniform(ctx.rng, t.data);
  t.random = true;
  return t;
}

export function randomLike(ctx: Ctx, a: Args, kind: "uniform" | "normal"): PTensor {
  const t = tensorArg(kw(a, "input", 0), kind === "normal" ? "randn_like" : "rand_like");
  return random(ctx, t.shape.slice(), dtypeOf(a.kw.get("dtype"), true) ?? t.dtype, kind);
}

export function arange(a: Args): PTensor {
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
  const dt = dtypeOf(a.kw.get("dtype"), true) ?? (isF ? "float32" : "int64");
  // Float bounds into an integer dtype: each version casts them its own way (2.x a 0.5 step to 0): not reproduced.
  if (T.isNarrowInt(dt) && isF) throw new Unsupported(`torch.arange with float bounds and dtype=torch.${dt}`);
  const t = T.full([count], 0, dt);
  for (let i = 0; i < count; i++) t.data[i] = start + i * step;
  T.wrapStorage(dt, t.data);
  return t;
}

export function linspace(a: Args, vectorBody = true): PTensor {
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

export function reduceCall(t: PTensor, a: Args, op: "sum" | "mean", dimPos: number): PTensor {
  const dims = dimsArg(kw(a, "dim", dimPos) ?? a.kw.get("axis"));
  const keep = kw(a, "keepdim", dimPos + 1);
  // No overload takes keepdim without dim: PyTorch's TypeError lists its overloads (not reproduced).
  if (!dims && !isNone(keep)) throw new Unsupported(`${op}(keepdim=...) without dim`);
  const keepdim = keepdimArg(keep);
  const dt = dtypeOf(a.kw.get("dtype"), true);
  if (dt && T.isNarrowInt(dt) && op === "mean") throw new Unsupported(`mean(dtype=torch.${dt})`);
  // mean's dtype= names itself when it is no float dtype.
  if (dt && op === "mean" && T.isIntegral(dt, true)) throw new PyError("RuntimeError", `mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${T.dtypeName(dt)}`);
  const src = dt ? T.castOp(t, dt) : t;
  const dim = dims ? dims[0] : null;
  const r = dims && dims.length !== 1 ? T.reduceDims(src, dims, keepdim, op) : op === "sum" ? T.sum(src, dim, keepdim) : T.mean(src, dim, keepdim);
  // sum(dtype=torch.uint8): the int64 sum wrapped to the width is the sum in the dtype (modular arithmetic).
  return dt && T.isNarrowInt(dt) ? T.cast(r, dt) : r;
}

/** torch.flatten(input, start_dim=0, end_dim=-1) / Tensor.flatten(start_dim=0, end_dim=-1). */
export function flattenCall(t: PTensor, a: Args, pos: number): PTensor {
  const s = kw(a, "start_dim", pos);
  const e = kw(a, "end_dim", pos + 1);
  return T.flatten(t, isNone(s) ? 0 : toInt(s!, "start_dim"), isNone(e) ? -1 : toInt(e!, "end_dim"), evalTorch().reshapeGradFn);
}

/** torch.logsumexp(input, dim, keepdim=False) / Tensor.logsumexp(dim, keepdim=False). */
export function logsumexpCall(t: PTensor, a: Args, dimPos: number): PTensor {
  const dims = dimsArg(kw(a, "dim", dimPos));
  if (!dims) {
    const [got, input] = dimPos ? ["(Tensor)", "Tensor input, "] : ["()", ""];
    const forms = ["ints", "names"].map((k) => ` * (${input}tuple of ${k} dim, bool keepdim${dimPos ? ", *, Tensor out" : ""})`);
    throw new PyError("TypeError", `logsumexp() received an invalid combination of arguments - got ${got}, but expected one of:\n${forms.join("\n")}\n`);
  }
  return T.logsumexp(t, dims, keepdimArg(kw(a, "keepdim", dimPos + 1)));
}

/** mm takes matrices only (matmul would take vectors too). */
export function mmCall(a: PTensor, b: PTensor): PTensor {
  if (a.ndim !== 2) throw new PyError("RuntimeError", "self must be a matrix");
  if (b.ndim !== 2) throw new PyError("RuntimeError", "mat2 must be a matrix");
  return T.matmul(a, b);
}

/**
 * torch.add / sub (and the methods): other scaled by alpha first when given. `called` (add, sub_, ...) takes the
 * deprecated overload too, (alpha, other) as two positionals, which EMA updates still write
 * (`ema.mul_(decay).add_(1 - decay, param)`), with the argument parser's warning (once per process, as addcmul's).
 */
export function addCall(x: T.Operand, a: Args, pos: number, op: "+" | "-", deprecated?: { called: string; ctx: Ctx }): PTensor {
  const a0 = a.pos[pos];
  const outNone = a.kw.has("out") && isNone(a.kw.get("out")) ? 1 : 0;
  if (deprecated && a.pos.length === pos + 2 && a.kw.size === outNone && a0 && !isTensor(a0) && (a0.t === "int" || a0.t === "float")) {
    const { called, ctx } = deprecated;
    // Read only here (reading marks an argument taken): anything but a tensor there is not this overload.
    if (!isTensor(a.pos[pos + 1])) throw new Unsupported(`${pos ? "torch" : "Tensor"}.${called}() with ${a.pos.length} positional arguments`, a.posSpans[pos + 1] ?? a.span);
    const [old, now] = pos ? ["Tensor input, Number alpha, Tensor other, *, Tensor out", "Tensor input, Tensor other, *, Number alpha, Tensor out"] : ["Number alpha, Tensor other", "Tensor other, *, Number alpha"];
    const message = `This overload of ${called} is deprecated:\n\t${called}(${old})\nConsider using one of the following signatures instead:\n\t${called}(${now})`;
    ctx.warnOnce(`UserWarning: ${warningIn(ctx.engine.pytorch, message)}`, a.span, "deprecated overload");
    return addCall(x, { ...a, pos: [a.pos[pos + 1]], kw: new Map([["alpha", a0]]) }, 0, op);
  }
  const other = operand(kw(a, "other", pos) ?? NONE, op === "+" ? "add" : "sub", pos + 1, "other");
  const alpha = a.kw.get("alpha");
  if (alpha && !isTensor(alpha) && (alpha.t === "int" || alpha.t === "float") && alpha.v !== 1) return T.addAlpha(x, other, alpha.v, op === "-", alpha.t === "float");
  if (alpha) return T.binary(op, x, T.binary("*", other, operand(alpha, "add", pos + 2, "alpha")));
  return T.binary(op, x, other);
}

/** scatter_(dim, index, src | value, reduce=None) into t (a clone for the out-of-place form). */
export function scatterCall(t: PTensor, a: Args, pos: number, add = false): PTensor {
  const dim = toInt(kw(a, "dim", pos) ?? NONE, "dim");
  const index = tensorArg(kw(a, "index", pos + 1), "scatter", pos + 2, "index");
  const src = kw(a, "src", pos + 2) ?? kw(a, "value", pos + 2) ?? NONE;
  const reduce = a.kw.get("reduce");
  const checks = () => {
    if (src === t) throw new PyError("RuntimeError", "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.");
    if (reduce && !isNone(reduce) && (isTensor(reduce) || reduce.t !== "str" || reduce.v !== "add")) {
      if (!isTensor(reduce) && reduce.t === "str" && reduce.v === "multiply") throw new Unsupported("scatter(..., reduce='multiply')");
      throw new PyError("RuntimeError", "reduce argument must be either add or multiply.");
    }
  };
  if (isTensor(src) && src.requiresGrad) throw new Unsupported("scatter of a source that requires grad");
  if (t.requiresGrad && T.isGradEnabled()) throw new Unsupported("scatter into a tensor that requires grad");
  return T.scatterInto(t, dim, index, operand(src, "scatter", pos + 3, "src"), add || (reduce && !isNone(reduce)) ? "add" : null, checks);
}

/** clamp_min / clamp_max (Tensor.clamp_min(min), torch.clamp_min(x, min)): a number, or a tensor bounding each element. */
export function clampSide(t: PTensor, v: Value | undefined, side: "min" | "max"): PTensor {
  if (v && isTensor(v)) return T.clampTensor(t, side === "min" ? v : null, side === "max" ? v : null, side === "min" ? "ClampMinBackward1" : "ClampMaxBackward1");
  const n = toNumber(v ?? NONE);
  // A number bound promotes as clamp's does (a bool tensor clamped by 0 is int64; by True, no kernel has it).
  const dt = T.isNarrowInt(t.dtype) ? t.dtype : T.resultType(t, operand(v!, `clamp_${side}`));
  if (dt === "bool") throw versionedError("RuntimeError", `"clamp_${side === "min" ? "min_cpu" : "max_scalar_cpu"}" not implemented for 'Bool'`);
  const x = T.castOp(t, dt);
  return side === "min" ? T.clamp(x, n, null, "ClampMinBackward0") : T.clamp(x, null, n, "ClampMaxBackward0");
}

export function clampCall(t: PTensor, a: Args, pos: number): PTensor {
  const lo = kw(a, "min", pos);
  const hi = kw(a, "max", pos + 1);
  if (isNone(lo) && isNone(hi)) throw new PyError("RuntimeError", "torch.clamp: At least one of 'min' or 'max' must not be None");
  // Tensor bounds (the clamp.Tensor overload) bound each element by its own; a Python number beside one picks the
  // Scalar overload, as PyTorch's argument parser does (a 0-dim tensor bound then counts as its number).
  const number = (v: Value | undefined) => !isNone(v) && !isTensor(v!);
  if (!number(lo) && !number(hi)) return T.clampTensor(t, isNone(lo) ? null : (lo as PTensor), isNone(hi) ? null : (hi as PTensor));
  if (T.isNarrowInt(t.dtype)) return clampNarrow(t, lo, hi);
  // The Scalar overload promotes as an operator would: an int64 tensor clamped by a float bound is float32.
  const bounds = [lo, hi].filter((v) => !isNone(v)).map((v) => operand(v!, "clamp"));
  const dt = T.resultType(t, ...(bounds as [T.Operand]));
  if (dt === "bool") throw versionedError("RuntimeError", `"${isNone(hi) ? "clamp_min_cpu" : isNone(lo) ? "clamp_max_scalar_cpu" : "clamp_scalar_cpu"}" not implemented for 'Bool'`);
  return T.clamp(T.castOp(t, dt), isNone(lo) ? null : toNumber(lo!), isNone(hi) ? null : toNumber(hi!));
}

/** softmax / log_softmax of an int64 or bool tensor: its CPU kernels have only float cases. */
export function softmaxKernelError(x: PTensor, dim: number, log: boolean): PyError {
  const last = T.normDim(dim, x.ndim) === Math.max(x.ndim, 1) - 1;
  const kernel = last ? `${log ? "log_" : ""}softmax_lastdim_kernel_impl` : log ? evalTorch().kernelNames.logSoftmaxInner : "softmax_kernel_impl";
  return versionedError("RuntimeError", `"${kernel}" not implemented for '${T.dtypeName(x.dtype)}'`);
}

/**
 * clamp of a narrow integer tensor by numbers (measured, both versions): a float bound promotes to float32; int bounds
 * are converted with c10's overflow check (uint8 takes -5 as 251) and bound in the dtype.
 */
function clampNarrow(t: PTensor, lo: Value | undefined, hi: Value | undefined): PTensor {
  const bounds = [lo, hi].filter((v): v is Value => !isNone(v));
  if (bounds.some((v) => isTensor(v))) throw new Unsupported(`clamp of a torch.${t.dtype} tensor by a number and a tensor`);
  const num = (v: Value | undefined) => (isNone(v) ? null : toNumber(v!));
  if (bounds.some((v) => !isTensor(v) && v.t === "float")) return T.clamp(T.castOp(t, "float32"), num(lo), num(hi));
  const dt = t.dtype as T.NarrowInt;
  const checked = (v: Value | undefined) => (isNone(v) ? null : T.checkedNarrow(dt, toNumber(v!), false, true));
  return T.clamp(t, checked(lo), checked(hi));
}

export function softmaxCall(a: Args, name: string, log: boolean, ctx: Ctx, functional: boolean, self?: PTensor): PTensor {
  const t = self ?? tensorArg(kw(a, "input", 0), name);
  const off = self ? 0 : 1;
  const d = kw(a, "dim", off);
  // F's _stacklevel (dtype after it, positionally) is read only by the warning of a missing dim, which Python's
  // warnings.warn raises a TypeError for when it is no int.
  const level = functional ? kw(a, "_stacklevel", off + 1) : undefined;
  if (isNone(d) && level && (isTensor(level) || (level.t !== "int" && level.t !== "bool"))) {
    throw new PyError("TypeError", `'${typeName(level)}' object cannot be interpreted as an integer`);
  }
  let dim: number;
  if (isNone(d)) {
    if (!functional) throw new PyError("TypeError", `${name}() received an invalid combination of arguments - got (${self ? "" : "Tensor"}), but expected (int dim, torch.dtype dtype)`);
    ctx.warn(`UserWarning: Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`, a.span);
    dim = T.implicitSoftmaxDim(t.ndim);
  } else dim = toInt(d!, "dim");
  // dtype also positionally: after dim (torch.softmax, Tensor.softmax) or after F's _stacklevel.
  const dt = dtypeOf(a.kw.get("dtype") ?? a.pos[functional ? off + 2 : off + 1]);
  const x = dt ? T.castOp(t, dt) : t;
  // The kernels have float cases only; an empty input runs none of them.
  if (!x.isFloat) {
    if (x.numel === 0) return T.clone(x);
    throw softmaxKernelError(x, dim, log);
  }
  return T.softmax(x, dim, log);
}
