// numpy and math: ndarrays are PTensors flagged numpy (numpy's own dtype rules and printing), 0-dim results
// numpy scalars.
import { PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor, PTensor, type TDtype } from "../tensor";
import { hasOwn, float, int, NONE, type Args, type Fn, type Value } from "../values";
import { builtin, dtypeOf, isNumber, kw, sizeArgs, tensorFrom, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";
import { arange } from "./torch";

export const NP_DTYPES: Record<string, TDtype> = { float32: "float32", float64: "float64", int64: "int64", bool_: "bool", double: "float64", single: "float32" };

export const NP_UNARY = new Set(["exp", "log", "log1p", "expm1", "sqrt", "tanh", "abs", "sign", "square", "floor", "ceil", "round", "sin", "cos", "log2", "log10", "absolute"]);

export function mathAttr(name: string): Value | undefined {
  const consts: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN, tau: 2 * Math.PI };
  if (hasOwn(consts, name)) return float(consts[name]);
  const fns: Record<string, (x: number) => number> = { exp: Math.exp, log: Math.log, sqrt: Math.sqrt, log1p: Math.log1p, tanh: Math.tanh, sin: Math.sin, cos: Math.cos, fabs: Math.abs };
  if (hasOwn(fns, name)) {
    return builtin(`math.${name}`, (a) => {
      const x = toNumber(a.pos[0] ?? NONE, `math.${name}() argument`);
      if ((name === "log" || name === "sqrt") && (x < 0 || (name === "log" && x === 0))) throw new PyError("ValueError", "math domain error");
      return float(fns[name](x));
    });
  }
  return undefined;
}


export function toNdarray(v: Value, fn: string): PTensor {
  if (isTensor(v)) {
    if (v.requiresGrad) throw new PyError("RuntimeError", "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    return v;
  }
  if (v.t === "list" || v.t === "tuple" || v.t === "numlist") return tensorFrom(v, null, true);
  void fn;
  return tensorFrom(v, null, true);
}

/** A numpy result: 0-dim arrays become numpy scalars, as numpy returns them. */
export function npResult(t: PTensor, keepTensor: boolean): Value {
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

export function numpyAttr(name: string, ctx: Ctx): Value | undefined {
  void ctx;
  if (hasOwn(NP_DTYPES, name)) return { t: "dtype", dtype: NP_DTYPES[name], np: true };
  const consts: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN };
  if (hasOwn(consts, name)) return float(consts[name]);
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
  if (name === "isnan" || name === "isinf" || name === "isfinite") {
    const test = name === "isnan" ? Number.isNaN : name === "isinf" ? (v: number) => v === Infinity || v === -Infinity : Number.isFinite;
    return builtin(`np.${name}`, (a) => {
      const x = a.pos[0] ?? NONE;
      // A torch tensor goes through __array_wrap__ (a uint8 tensor back, with a warning in numpy 2): not taken.
      if (isTensor(x) && !x.numpy) throw new Unsupported(`np.${name} of a torch tensor`);
      if (isNumber(x)) return { t: "npscalar", dtype: "bool", v: test(toNumber(x)) ? 1 : 0 };
      return npResult(T.map(toNdarray(x, name), "bool", (v) => (test(v) ? 1 : 0)), false);
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
  if (hasOwn(F, name)) return builtin(`np.${name}`, F[name]);
  return undefined;
}

export function npCtor(a: Args, value: number): PTensor {
  const t = T.full(sizeArgs(a, "zeros"), value, dtypeOf(a.kw.get("dtype")) ?? "float64");
  t.numpy = true;
  return t;
}

export function npReduce(a: Args, op: "sum" | "mean"): Value {
  const x = a.pos[0] ?? NONE;
  const arr = toNdarray(x, op);
  const src = op === "mean" && !arr.isFloat ? T.cast(arr, "float64") : arr;
  const r = T.withNoGrad(() => (op === "sum" ? T.sum(src, null) : T.mean(src, null)));
  return npResult(r, isTensor(x) && !x.numpy);
}
