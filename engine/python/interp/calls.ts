// Calls: argument evaluation (*args / **kwargs at the call site), and calling builtins, nn modules and user
// functions (parameter binding with Python's TypeErrors).
import type { Expr } from "../ast";
import { PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { callModule, listItems, toNumber } from "../torchapi";
import { int, NONE, typeName, type Args, type Value } from "../values";
import type { Interpreter } from "./index";
import { ReturnSignal } from "./signals";

const MAX_CALL_DEPTH = 100;

export function callExpr(ip: Interpreter, e: Extract<Expr, { k: "call" }>): Value {
  const f = ip.eval(e.func);
  const args: Args = { pos: [], kw: new Map(), span: e.span, posSpans: [], kwSpans: new Map() };
  for (const a of e.args) {
    if (a.star === "*") {
      for (const v of ip.iterate(ip.eval(a.value), a.value.span)) {
        args.pos.push(v);
        args.posSpans.push(a.value.span);
      }
    } else if (a.star === "**") {
      const d = ip.eval(a.value);
      if (isTensor(d) || d.t !== "dict") throw new PyError("TypeError", `argument after ** must be a mapping, not ${typeName(d)}`, a.value.span);
      d.keys.forEach((k, i) => {
        if (isTensor(k) || k.t !== "str") throw new PyError("TypeError", "keywords must be strings", a.value.span);
        args.kw.set(k.v, d.values[i]);
        args.kwSpans.set(k.v, a.value.span);
      });
    } else if (a.name) {
      if (args.kw.has(a.name)) throw new PyError("SyntaxError", `keyword argument repeated: ${a.name}`, a.value.span);
      args.kw.set(a.name, ip.eval(a.value));
      args.kwSpans.set(a.name, a.value.span);
    } else {
      args.pos.push(ip.eval(a.value));
      args.posSpans.push(a.value.span);
    }
  }
  return ip.call(f, args);
}

export function call(ip: Interpreter, f: Value, args: Args): Value {
  if (isTensor(f)) throw new PyError("TypeError", "'Tensor' object is not callable", args.span);
  switch (f.t) {
    case "builtin":
      return f.fn(args);
    case "criterion":
    case "layer":
      return callModule(f, args, ip);
    case "function":
      return ip.callUser(f, args);
    case "opaque":
      if (f.what === "torch.no_grad") return { t: "opaque", what: "torch.no_grad" };
      throw new Unsupported(`${f.what}()`, args.span);
    case "dtype":
      if (f.np) {
        const v = args.pos[0] ?? int(0);
        if (isTensor(v) || v.t === "list" || v.t === "tuple") {
          const t = T.cast(isTensor(v) ? v : ip.ndarrayOf(v), f.dtype);
          t.numpy = true;
          return t;
        }
        const n = toNumber(v);
        return { t: "npscalar", dtype: f.dtype, v: f.dtype === "float32" ? Math.fround(n) : f.dtype === "int64" ? Math.trunc(n) : n };
      }
      break;
  }
  throw new PyError("TypeError", `'${typeName(f)}' object is not callable`, args.span);
}

export function ndarrayOf(_ip: Interpreter, v: Value): PTensor {
  const t = T.fromArray("float64", [listItems(v).length], listItems(v).map((x) => toNumber(x)));
  return t;
}

export function callUser(ip: Interpreter, f: Extract<Value, { t: "function" }>, args: Args): Value {
  if (ip.callDepth >= MAX_CALL_DEPTH) throw new PyError("RecursionError", "maximum recursion depth exceeded", args.span);
  const scope = new Map<string, Value>();
  const params = f.params;
  if (params.some((p) => p.star)) throw new Unsupported("functions with *args / **kwargs", args.span);
  if (args.pos.length > params.length) {
    throw new PyError("TypeError", `${f.name}() takes ${params.length} positional argument${params.length === 1 ? "" : "s"} but ${args.pos.length} ${args.pos.length === 1 ? "was" : "were"} given`, args.span);
  }
  params.forEach((p, i) => {
    if (i < args.pos.length) {
      if (args.kw.has(p.name)) throw new PyError("TypeError", `${f.name}() got multiple values for argument '${p.name}'`, args.span);
      scope.set(p.name, args.pos[i]);
    } else if (args.kw.has(p.name)) scope.set(p.name, args.kw.get(p.name)!);
    else if (f.defaults[i]) scope.set(p.name, f.defaults[i]!);
  });
  for (const k of args.kw.keys()) {
    if (!params.some((p) => p.name === k)) throw new PyError("TypeError", `${f.name}() got an unexpected keyword argument '${k}'`, args.span);
  }
  const missing = params.filter((p) => !scope.has(p.name)).map((p) => `'${p.name}'`);
  if (missing.length) {
    const list = missing.length === 1 ? missing[0] : missing.slice(0, -1).join(", ") + " and " + missing[missing.length - 1];
    throw new PyError("TypeError", `${f.name}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${list}`, args.span);
  }
  const saved = ip.locals;
  ip.locals = scope;
  ip.callDepth++;
  try {
    ip.execBlock(f.body);
    return NONE;
  } catch (e) {
    if (e instanceof ReturnSignal) return e.value;
    throw e;
  } finally {
    ip.locals = saved;
    ip.callDepth--;
  }
}
