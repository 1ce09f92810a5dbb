// Calls: argument evaluation (*args / **kwargs at the call site), and calling builtins, nn modules and user
// functions (parameter binding with Python's TypeErrors).
import type { Expr } from "../ast";
import { missingArguments, PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { callModule, checkDevice, checkNarrow, checkParser, checkPythonCall, listItems, toNumber } from "../torchapi";
import { getByFunctional } from "../../catalog";
import { anyArg, int, NONE, Scope, typeName, type Args, type FunctionValue, type Value } from "../values";
import * as classes from "./classes";
import type { Interpreter } from "./index";
import { claimKeepingCallee, isTemporary, keptBy, operandOf, recycleOperand, releaseLocals, setFreshCall, type AssignClaim } from "./expressions";
import { ReturnSignal } from "./signals";
import { holdsUninit, refuseUninit, uninitCall } from "../uninit";

const MAX_CALL_DEPTH = 100;

export function callExpr(ip: Interpreter, e: Extract<Expr, { k: "call" }>, claim?: AssignClaim): Value {
  const method = claimKeepingCallee(ip, e.func, claim?.into);
  const f = method ? method.f : ip.eval(e.func);
  const own = returnsItsOwn(f);
  const receiver = !method && own && e.func.k === "attr" && !isTensor(f) && f.t === "builtin" && f.self && isTemporary(e.func.obj, f.self) ? f.self : null;
  // A name passed to a torch / F function or a tensor's method keeps its claim through the call (settled after it);
  // a temporary passed there is reachable through the result alone afterwards.
  const keep = own && !e.args.some((a) => a.star);
  const temps: PTensor[] = [];
  const arg = (x: Expr): Value => {
    const v = keep && x.k === "name" ? operandOf(ip, x) : ip.eval(x);
    if (keep && isTemporary(x, v)) temps.push(v);
    return v;
  };
  const args: Args = { pos: [], kw: new Map(), span: e.span, posSpans: [], kwSpans: new Map() };
  for (const a of e.args) {
    if (a.star === "*") {
      args.starred = true;
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
      args.kw.set(a.name, arg(a.value));
      args.kwSpans.set(a.name, a.value.span);
    } else {
      args.pos.push(arg(a.value));
      args.posSpans.push(a.value.span);
    }
  }
  let result: Value;
  let fresh = false;
  if (own) {
    // What a torch / F function or a tensor's method returns is new when the call made its storage (not an
    // argument's, nor a view of one): they keep nothing they return. A name may claim it (expressions.ts
    // rebindName); an operator may take it as a temporary (isTemporary).
    const { value, madeHere } = T.withBirths(() => ip.call(f, args));
    fresh = isTensor(value) && madeHere(value.data);
    if (claim) claim.fresh = fresh;
    result = value;
    dropTemporaries(receiver, temps, result);
    keptByCall(e, args, result);
  } else result = ip.call(f, args);
  // A view bound to the receiver's own name takes over its claim there (rebindName); anything else ends it.
  if (method?.view && claim && isTensor(result) && isTensor(method.obj) && result.data === method.obj.data) claim.viewOf = method.obj;
  else if (method) keptBy(result, method.obj);
  setFreshCall(fresh ? result : null);
  return result;
}

/**
 * The temporaries (expressions.ts isTemporary) this torch / F function or tensor's method took (`(a * b).mean()`,
 * `torch.sigmoid(a * b)`): kept only in its result's graph, they are reachable through it alone (PTensor.dropped,
 * autograd.ts dropGraph). Not the result itself, nor one whose storage the result shares. With a tensor result they
 * are recycled as an operator's operands are (recycleOperand: `F.nll_loss(F.log_softmax(x, 1), t)` left a 400 KB
 * block a pass at 1e5 to the collector, which runs only after the evaluation).
 */
function dropTemporaries(receiver: PTensor | null, temps: PTensor[], result: Value): void {
  for (const v of receiver ? [receiver, ...temps] : temps) {
    if (isTensor(result)) recycleOperand(true, v, result);
    else v.dropped = true;
  }
}

/**
 * The names passed to a torch / F function or a tensor's method kept their claims through the call: a tensor result
 * keeps them as an operator's does (keptBy: ended when it shares their storage, else its node noted where it reads
 * them); any other result (a tuple of views, an object) ends them.
 */
function keptByCall(e: Extract<Expr, { k: "call" }>, args: Args, result: Value): void {
  const settle = (x: Expr, v: Value | undefined) => {
    if (x.k !== "name" || !v || !isTensor(v)) return;
    if (isTensor(result)) keptBy(result, v);
    else {
      v.soleName = null;
      v.readBy = null;
    }
  };
  if (args.starred) return;
  let i = 0;
  for (const a of e.args) settle(a.value, a.name ? args.kw.get(a.name) : args.pos[i++]);
}

/** A torch.* / F.* function or a tensor's method (not a method of another object, which may keep what it returns;
 *  not an in-place one). */
function returnsItsOwn(f: Value): boolean {
  if (isTensor(f) || f.t !== "builtin" || f.name.endsWith("_")) return false;
  if (f.self) return f.name.startsWith("Tensor.");
  return !f.method && (f.name.startsWith("torch.") || f.name.startsWith("F."));
}

/** A keyword-argument map that records which keywords the builtin looked at (iterating it reads them all). */
class ReadKeywords extends Map<string, Value> {
  readonly read = new Set<string>();
  all = false;
  override get(k: string): Value | undefined {
    this.read.add(k);
    return super.get(k);
  }
  override has(k: string): boolean {
    this.read.add(k);
    return super.has(k);
  }
  override forEach(cb: (v: Value, k: string, m: Map<string, Value>) => void, self?: unknown): void {
    this.all = true;
    super.forEach(cb, self);
  }
  override entries(): MapIterator<[string, Value]> {
    this.all = true;
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.all = true;
    return super.keys();
  }
  override values(): MapIterator<Value> {
    this.all = true;
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, Value]> {
    this.all = true;
    return super[Symbol.iterator]();
  }
}

/** Positional arguments that record which of them the builtin read (slicing or iterating them reads each). */
function readingPositions(pos: Value[], read: Set<number>): Value[] {
  return new Proxy(pos, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) read.add(Number(key));
      return Reflect.get(target, key, receiver);
    },
  });
}

/** torch.*, F.* and Tensor methods: PyTorch's argument parser rejects a positional argument they do not take. */
const TORCH_OP = /^(torch|F|Tensor)\./;

/**
 * A builtin called with keyword arguments, or a torch op with positional ones: an argument it never looked at
 * would be silently ignored (round's decimals=, an out=, cumsum(x, 0, torch.float64)'s dtype, which PyTorch
 * rejects), so its call is refused by name instead; device= on the CPU and out=None are the keywords that change
 * nothing here (a CUDA device raises PyTorch's error).
 */
function callReadingArguments(f: Extract<Value, { t: "builtin" }>, args: Args): Value {
  const kw = new ReadKeywords(args.kw);
  const read = new Set<number>();
  const trackPos = args.pos.length > 0 && TORCH_OP.test(f.name);
  const r = f.fn({ ...args, kw, pos: trackPos ? readingPositions(args.pos, read) : args.pos });
  if (trackPos) {
    const unread = args.pos.findIndex((_, i) => !read.has(i));
    if (unread >= 0) throw new Unsupported(`${f.name}() with ${args.pos.length} positional arguments`, args.posSpans[unread] ?? args.span);
  }
  if (kw.all) return r;
  for (const [k, v] of args.kw) {
    if (kw.read.has(k)) continue;
    if (k === "device") checkDevice(v, f.name.slice(f.name.lastIndexOf(".") + 1));
    // out=None is PyTorch's default: the result is a new tensor, as without it.
    else if (k === "out" && !isTensor(v) && v.t === "none") continue;
    else throw new Unsupported(`${f.name}(..., ${k}=...)`, args.kwSpans.get(k) ?? args.span, k === "inplace" || k === "out");
  }
  return r;
}

export function call(ip: Interpreter, f: Value, args: Args): Value {
  if (isTensor(f)) throw new PyError("TypeError", "'Tensor' object is not callable", args.span);
  switch (f.t) {
    case "builtin": {
      // torch.X / F.X / np.X / Tensor.X (Python's builtins have no dot; the loss functions take their inputs through
      // the loss bridge's own check), before the argument tracking: its look at every argument is not a read.
      // PyTorch's argument parser speaks before the op: a call no overload takes is its TypeError.
      if (TORCH_OP.test(f.name)) checkParser(f.name, args, args.starred);
      // F's functions written in Python: CPython's own argument errors.
      if (f.name.startsWith("F.")) checkPythonCall(f.name.slice(2), args);
      if (f.self) checkNarrow(f.name.slice("Tensor.".length), f.self, args);
      else if (f.name.includes(".") && !(f.name.startsWith("F.") && getByFunctional(f.name.slice(2)))) checkNarrow(f.name, null, args);
      const written = uninitCall(f.name, f.self, args);
      const r = args.kw.size || (args.pos.length && TORCH_OP.test(f.name)) ? callReadingArguments(f, args) : f.fn(args);
      written?.(r);
      return r;
    }
    case "layer":
      if (anyArg(args, holdsUninit)) refuseUninit(args.span);
      checkNarrow(`nn.${f.kind}`, null, args);
      return callModule(f, args, ip);
    case "criterion":
      if (anyArg(args, holdsUninit)) refuseUninit(args.span);
      return callModule(f, args, ip);
    case "function":
      return ip.callUser(f, args);
    case "method":
      return ip.call(f.fn, { ...args, pos: [f.self, ...args.pos], posSpans: [args.span, ...args.posSpans] });
    case "class":
      return classes.instantiate(ip, f, args);
    case "instance":
      return classes.callInstance(ip, f, args);
    case "gradmode": {
      // @torch.no_grad() applied by hand: torch.no_grad()(fn).
      const fn = args.pos[0];
      if (fn && !isTensor(fn) && fn.t === "function") return { ...fn, gradMode: f.on };
      break;
    }
    case "opaque":
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

/** Binds a call's arguments to a user function's parameters, with Python's TypeErrors. */
function bindParams(f: FunctionValue, args: Args): Map<string, Value> {
  const name = f.owner ? `${f.owner.name}.${f.name}` : f.name;
  const scope = new Map<string, Value>();
  const params = f.params;
  const positional = params.filter((p) => !p.star && !p.kwOnly);
  const varargs = params.find((p) => p.star === "*");
  const varkw = params.find((p) => p.star === "**");
  if (args.pos.length > positional.length && !varargs) {
    const nDef = positional.filter((p) => p.default).length;
    const takes = nDef ? `from ${positional.length - nDef} to ${positional.length}` : `${positional.length}`;
    throw new PyError("TypeError", `${name}() takes ${takes} positional argument${positional.length === 1 && !nDef ? "" : "s"} but ${args.pos.length} ${args.pos.length === 1 ? "was" : "were"} given`, args.span);
  }
  positional.forEach((p, i) => {
    if (i < args.pos.length) {
      if (args.kw.has(p.name)) throw new PyError("TypeError", `${name}() got multiple values for argument '${p.name}'`, args.span);
      scope.set(p.name, args.pos[i]);
    }
  });
  if (varargs) scope.set(varargs.name, { t: "tuple", items: args.pos.slice(positional.length) });
  const extra: Value = { t: "dict", keys: [], values: [] };
  for (const [k, v] of args.kw) {
    const p = params.find((q) => q.name === k && !q.star);
    if (p) scope.set(k, v);
    else if (varkw && extra.t === "dict") {
      extra.keys.push({ t: "str", v: k });
      extra.values.push(v);
    } else throw new PyError("TypeError", `${name}() got an unexpected keyword argument '${k}'`, args.span);
  }
  if (varkw) scope.set(varkw.name, extra);
  params.forEach((p, i) => {
    if (!p.star && !scope.has(p.name) && f.defaults[i]) scope.set(p.name, f.defaults[i]!);
  });
  const missingPos = positional.filter((p) => !scope.has(p.name)).map((p) => p.name);
  const missingKw = params.filter((p) => p.kwOnly && !p.star && !scope.has(p.name)).map((p) => p.name);
  const missing = missingPos.length ? missingPos : missingKw;
  if (missing.length) throw missingArguments(`${name}()`, missing, missingPos.length ? "positional" : "keyword-only", args.span);
  return scope;
}

export function callUser(ip: Interpreter, f: FunctionValue, args: Args): Value {
  if (ip.callDepth >= MAX_CALL_DEPTH) throw new PyError("RecursionError", "maximum recursion depth exceeded", args.span);
  const vars = bindParams(f, args);
  const saved = ip.scope;
  const scope = new Scope(vars, f.closure ?? ip.globalScope);
  ip.scope = scope;
  ip.frames.push({ fn: f, args: args.pos });
  ip.callDepth++;
  const body = f.body;
  const run = (): Value => {
    if (!Array.isArray(body)) return ip.eval(body);
    try {
      ip.execBlock(body);
      return NONE;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
  };
  try {
    const value = f.gradMode === undefined ? run() : T.withGradMode(f.gradMode, run);
    // Its names die with the call: the tensors they alone held are released (interp/expressions.ts).
    if (!scope.captured) releaseLocals(vars);
    return value;
  } catch (e) {
    if (e instanceof Unsupported) e.stopsRun = "inside a function";
    throw e;
  } finally {
    ip.scope = saved;
    ip.frames.pop();
    ip.callDepth--;
  }
}
