// Expressions: literals, names, operators, calls, comprehensions; f-strings.
import { budget, ITEM_BYTES } from "../budget";
import type { Expr, FPart } from "../ast";
import { PyError, Unsupported } from "../errors";
import { dropGraph, isTensor, recycle, releaseStorage, type PTensor } from "../tensor";
import { bool, float, formatValue, int, NONE, repr, Scope, str, toStr, type Value } from "../values";
import type { Interpreter } from "./index";

export function evalInner(ip: Interpreter, e: Expr): Value {
  switch (e.k) {
    case "num":
      if (e.imag) throw new Unsupported("complex numbers", e.span);
      return e.isInt ? int(e.value) : float(e.value);
    case "numlist":
      return { t: "numlist", data: e.data, shape: e.shape, allInt: e.allInt };
    case "str":
      if (e.bytes) throw new Unsupported("bytes literals", e.span);
      return str(e.value);
    case "fstr":
      return str(ip.fstring(e.parts));
    case "const":
      return e.value === null ? NONE : e.value === "..." ? { t: "ellipsis" } : bool(e.value);
    case "name": {
      const v = ip.lookup(e.id, e.span);
      // Read by anything but an operator: the name may no longer be its only holder.
      if (isTensor(v) && !operandRead) {
        v.soleName = null;
        v.readBy = null;
      }
      return v;
    }
    case "attr":
      return ip.attr(ip.eval(e.obj), e.name, e.span);
    case "call":
      return ip.callExpr(e);
    case "index":
      return ip.index(ip.eval(e.obj), ip.eval(e.index), e.span);
    case "slice": {
      const b = (x: Expr | null) => {
        if (!x) return null;
        const v = ip.eval(x);
        if (!isTensor(v) && v.t === "none") return null;
        return ip.toIndexInt(v, x.span);
      };
      return { t: "slice", start: b(e.lower), stop: b(e.upper), step: b(e.step) };
    }
    case "bin": {
      const l = operandOf(ip, e.left);
      const lTemp = isTemporary(e.left, l);
      const r = operandOf(ip, e.right);
      const rTemp = isTemporary(e.right, r);
      const v = ip.binop(e.op, l, r, e.span);
      if (isTensor(v)) {
        recycleOperand(lTemp, l, v);
        recycleOperand(rTemp, r, v);
      }
      keptBy(v, l);
      keptBy(v, r);
      return v;
    }
    case "unary": {
      if (!MAKES_NEW.has(e.op)) return ip.unaryop(e.op, ip.eval(e.operand), e.span);
      const x = operandOf(ip, e.operand);
      const xTemp = isTemporary(e.operand, x);
      const v = ip.unaryop(e.op, x, e.span);
      if (isTensor(v) && v !== x) {
        v.operatorResult = true;
        recycleOperand(xTemp, x, v);
      }
      keptBy(v, x);
      return v;
    }
    case "bool": {
      const l = ip.eval(e.left);
      const t = ip.truthy(l);
      if (e.op === "and") return t ? ip.eval(e.right) : l;
      return t ? l : ip.eval(e.right);
    }
    case "compare": {
      let left = ip.eval(e.operands[0]);
      let result: Value = bool(true);
      for (let i = 0; i < e.ops.length; i++) {
        const right = ip.eval(e.operands[i + 1]);
        result = ip.compare(e.ops[i], left, right, e.span);
        if (isTensor(result)) {
          if (e.ops.length > 1) throw new Unsupported("chained comparisons of tensors", e.span);
          return result;
        }
        if (!ip.truthy(result)) return result;
        left = right;
      }
      return result;
    }
    case "ifexp":
      return ip.truthy(ip.eval(e.test)) ? ip.eval(e.body) : ip.eval(e.orelse);
    case "list":
    case "tuple":
      budget().alloc(e.items.length, ITEM_BYTES * e.items.length, e.span);
      return { t: e.k, items: ip.evalItems(e.items) };
    case "dict":
      budget().alloc(e.keys.length, 2 * ITEM_BYTES * e.keys.length, e.span);
      return { t: "dict", keys: e.keys.map((k) => ip.eval(k)), values: e.values.map((v) => ip.eval(v)) };
    case "set": {
      const items: Value[] = [];
      for (const v of ip.evalItems(e.items)) if (!items.some((x) => ip.equals(x, v))) items.push(v);
      return { t: "set", items };
    }
    case "lambda":
      return { t: "function", name: "<lambda>", params: e.params, body: e.body, defaults: e.params.map((p) => (p.default ? ip.eval(p.default) : null)), closure: ip.closureScope() };
    case "comp":
      return comprehension(ip, e);
    case "starred":
      throw new PyError("SyntaxError", "can't use starred expression here", e.span);
    case "unsupported":
      throw new Unsupported(e.what, e.span);
  }
}

export function evalItems(ip: Interpreter, items: Expr[]): Value[] {
  const out: Value[] = [];
  for (const it of items) {
    if (it.k === "starred") out.push(...ip.iterate(ip.eval(it.value), it.span));
    else out.push(ip.eval(it));
  }
  return out;
}

export function fstring(ip: Interpreter, parts: FPart[]): string {
  let s = "";
  for (const p of parts) {
    if (typeof p === "string") {
      s += p;
      continue;
    }
    const v = ip.eval(p.expr);
    const spec = p.spec ? ip.fstring(p.spec) : "";
    let conv = p.conv;
    if (p.debugText !== undefined) {
      s += p.debugText;
      if (!conv && !p.spec) conv = "r";
    }
    if (conv === "r" || conv === "a") s += formatValue(str(repr(v)), spec);
    else if (conv === "s") s += formatValue(str(toStr(v)), spec);
    else s += formatValue(v, spec);
  }
  return s;
}

/** [elt for ...] / {..} / (..): runs in its own scope (its loop variables do not leak), generators in order. */
function comprehension(ip: Interpreter, e: Extract<Expr, { k: "comp" }>): Value {
  const items: Value[] = [];
  const keys: Value[] = [];
  const saved = ip.scope;
  // The first iterable is evaluated in the enclosing scope, as Python does.
  const first = ip.iterate(ip.eval(e.generators[0].iter), e.generators[0].iter.span);
  ip.scope = new Scope(new Map(), ip.closureScope());
  try {
    const loop = (g: number, source: Value[] | null): void => {
      const gen = e.generators[g];
      const seq = source ?? ip.iterate(ip.eval(gen.iter), gen.iter.span);
      for (const v of seq) {
        ip.step(e.span);
        ip.assign(gen.target, v);
        if (!gen.ifs.every((c) => ip.truthy(ip.eval(c)))) continue;
        if (g + 1 < e.generators.length) loop(g + 1, null);
        else if (e.kind === "dict") {
          const k = ip.eval(e.elt);
          const val = ip.eval(e.value!);
          const at = keys.findIndex((x) => ip.equals(x, k));
          if (at >= 0) items[at] = val;
          else {
            keys.push(k);
            items.push(val);
          }
        } else {
          const v2 = ip.eval(e.elt);
          if (e.kind !== "set" || !items.some((x) => ip.equals(x, v2))) items.push(v2);
        }
      }
    };
    loop(0, first);
  } finally {
    ip.scope = saved;
  }
  if (e.kind === "dict") return { t: "dict", keys, values: items };
  if (e.kind === "set") return { t: "set", items };
  // A generator expression is computed at once here (its items in the order Python would make them), and consumed
  // by whoever walks it (sum, list, a loop, next()): a list that remembers how far it was walked.
  return e.kind === "gen" ? { t: "list", items, gen: { pos: 0 } } : { t: "list", items };
}

// A tensor that a statement `x = a op b` (or `x = -a`, or a torch / F function's or tensor method's new result)
// bound to a name, read since only as an operand of operators, or an argument of torch / F functions and tensor
// methods, whose results keep neither it nor its storage, has that name as its one holder (PTensor.soleName). When
// another such statement rebinds the name, the old tensor's storage is recycled for the next tensors
// (tensor/core.ts), as CPython's reference count frees it (`x = x * 1.0001` in a loop reuses two buffers instead of
// allocating each pass). Any other read (another function's argument, an attribute, a container, a return, another
// name, a print) ends the claim; so does a function's return for its locals (callUser: unless a def or lambda made
// there captured them). In a graph it is recycled once no backward can read it: at once when neither its own node
// (GradFn.reads) nor its consumers' nodes read it (`+`, `-`, `*` by a tensor that takes no gradient), else once a
// backward has freed every node that does (PTensor.readBy, autograd.ts releaseWhenFreed), or no backward can reach
// them any more (autograd.ts dropGraph); a loss record showing it holds it longer (PTensor.holds). A field, not a
// WeakMap: the map's entries cost the garbage collector more than the recycling saved (focal loss at 1e4: 0.37 ->
// 0.58 ms).

/** Set while a name is read as an operator's operand (the one read that keeps the claim). */
let operandRead = false;

/** The unary operators whose result on a tensor is a new tensor (`+x` is x itself). */
const MAKES_NEW = new Set(["-", "~"]);

/** What the last call expression returned when a torch / F function or a tensor's method made its storage just
 *  now (calls.ts callExpr), else null. */
let freshCall: Value | null = null;

export function setFreshCall(v: Value | null): void {
  freshCall = v;
}

/**
 * Whether v, node's value just now, is a temporary: an operator's new result, or what a torch / F function or a
 * tensor's method made (which keep nothing they return), held by nothing but the expression that uses it. Not
 * one a loss record shows.
 */
export function isTemporary(node: Expr, v: Value): v is PTensor {
  if (!isTensor(v) || v.holds > 0) return false;
  if (node.k === "bin" || (node.k === "unary" && MAKES_NEW.has(node.op))) return v.operatorResult;
  return node.k === "call" && v === freshCall;
}

export function operandOf(ip: Interpreter, e: Expr): Value {
  if (e.k !== "name") return ip.eval(e);
  operandRead = true;
  try {
    return ip.eval(e);
  } finally {
    operandRead = false;
  }
}

/** An assignment's claim on its value (interp/index.ts, calls.ts callExpr): `fresh` when a torch / F call made the
 *  result's storage; `into` the one name it binds; `viewOf` the tensor whose view (VIEW_METHODS) it binds there. */
export interface AssignClaim {
  fresh: boolean;
  into?: string;
  viewOf?: Value;
}

/** The methods whose call on a claimed name keeps its claim: their results are new storage (or the tensor itself,
 *  which keptBy sees) and their nodes read no values (tensor/reduce.ts). */
const CLAIM_KEEPING_METHODS = new Set(["sum", "mean"]);
/** The methods whose result is a view of the tensor (its storage) and whose node reads no values: `name =
 *  name.view(...)` hands the name's claim on to the view (rebindName), as the old tensor is then held by graph
 *  nodes alone (a Dice loss's `input = input.view(num, -1)` after `input = torch.sigmoid(input)`). */
export const VIEW_METHODS = new Set(["view", "reshape", "flatten", "squeeze", "unsqueeze"]);

/** `name.sum(...)` / `name.mean(...)`, or a view method when the statement binds its result to the same name
 *  (`into`): the callee, the name read as an operand; callExpr hands the call's result and the name's value to
 *  keptBy (or, for a view, to rebindName). null for any other callee. */
export function claimKeepingCallee(ip: Interpreter, func: Expr, into?: string): { f: Value; obj: Value; view: boolean } | null {
  if (func.k !== "attr" || func.obj.k !== "name") return null;
  const view = VIEW_METHODS.has(func.name) && func.obj.id === into;
  if (!view && !CLAIM_KEEPING_METHODS.has(func.name)) return null;
  let obj: Value | undefined;
  const f = ip.evalWith(func, () => {
    obj = operandOf(ip, func.obj);
    return ip.attr(obj, func.name, func.span);
  });
  return { f, obj: obj!, view };
}

/** Ends an operand's claim when the operator's result keeps it (shares its storage); notes the result's node when
 *  its backward reads the operand. */
export function keptBy(result: Value, operand: Value): void {
  if (!isTensor(operand) || !operand.soleName) return;
  if (!isTensor(result) || result === operand || result.data === operand.data) {
    operand.soleName = null;
    operand.readBy = null;
    return;
  }
  const fn = result.gradFn;
  if (!fn || (fn.reads && fn.reads.every((t) => t.data !== operand.data))) return;
  // The nodes a backward has freed read nothing more. A name read by graph after graph that no backward frees (a
  // loop without backward) gives up its claim rather than keep those graphs alive.
  const readers = (operand.readBy ?? []).filter((r) => !r.freed);
  readers.push(fn);
  if (readers.length > MAX_READERS) {
    operand.soleName = null;
    operand.readBy = null;
  } else operand.readBy = readers;
}

/** The most nodes a claimed tensor's readers may hold (keptBy). */
const MAX_READERS = 8;

/** Whether t's own node reads its values (when it does not say what it reads, its output among them). */
function readByOwnNode(t: PTensor): boolean {
  const reads = t.gradFn?.reads;
  return !!t.gradFn && (!reads || reads.some((r) => r.data === t.data));
}

/** A claimed tensor whose name no longer holds it: its storage recycled once no backward can read it (never a leaf
 *  that takes a gradient: its values are the program's). */
function releaseClaimed(t: PTensor): void {
  const readers = t.readBy ?? [];
  t.soleName = null;
  t.readBy = null;
  if (!t.gradFn && t.requiresGrad) return;
  t.dropped = true;
  if (t.gradFn && t.consumers === 0) {
    // Its node is reachable through it alone: freed now, with what waits on it (its own values among them).
    dropGraph(t);
    releaseStorage(t, readers);
    return;
  }
  releaseStorage(t, readByOwnNode(t) ? [...readers, t.gradFn!] : readers);
}

/** `name = name.view(...)` (VIEW_METHODS): the view, sharing the old tensor's storage, takes over the name's claim
 *  with the old tensor's readers (its own node when that reads its values). Its own node reads nothing. Not for a
 *  leaf that takes a gradient (its values are the program's: releaseClaimed). false: no claim to hand on. */
function handOnClaim(old: PTensor, view: PTensor, vars: Map<string, Value>, name: string): boolean {
  const held = old.soleName;
  if (held?.vars !== vars || held.name !== name || (!old.gradFn && old.requiresGrad) || old.holds > 0) return false;
  const readers = (old.readBy ?? []).filter((r) => !r.freed);
  if (readByOwnNode(old)) readers.push(old.gradFn!);
  old.soleName = null;
  old.readBy = null;
  if (view.gradFn) view.gradFn.reads = [];
  view.soleName = { vars, name };
  view.readBy = readers;
  return true;
}

/** A returning function's locals (vars, which no closure captured): each tensor its name alone held is released. */
export function releaseLocals(vars: Map<string, Value>): void {
  for (const [name, v] of vars) if (isTensor(v) && v.soleName?.vars === vars && v.soleName.name === name) releaseClaimed(v);
}

/** `name = value` (one target): binds it, releasing the old value's storage when the name was its one holder
 *  (PTensor.soleName), and claims the new value for the name when `claim` says nothing else holds it: the statement
 *  is `name = a op b`, or a torch / F function's call that made the result's storage (calls.ts callExpr). A value
 *  that came any other way, even an operator result a function of the program's returned, may be held elsewhere. */
export function rebindName(ip: Interpreter, name: string, v: Value, claim: boolean, viewOf?: Value): void {
  const vars = ip.bindingMap(name);
  const old = vars.get(name);
  vars.set(name, v);
  if (old && isTensor(old) && old === viewOf && isTensor(v) && v !== old && v.data === old.data && handOnClaim(old, v, vars, name)) return;
  if (old && isTensor(old) && old !== v) {
    const held = old.soleName;
    if (held?.vars === vars && held.name === name && (!isTensor(v) || v.data !== old.data)) releaseClaimed(old);
    old.soleName = null;
    old.readBy = null;
  }
  if (claim && isTensor(v)) v.soleName = { vars, name };
}

/**
 * A temporary operand (isTemporary: `a * b` in `a * b + c`, `x.sum(1)` in `-x.sum(1)`) is held by nothing but the
 * outer operator's result and its graph. Its storage is recycled for the next tensors (tensor/core.ts) as soon as
 * no backward will read it: at once when the result has no graph, or when the result's node does not read it (`+`,
 * `-`, `*` by a tensor that takes no gradient: GradFn.reads) and the operand's own node does not read its own
 * values; else after the first backward() through the result's node, which frees it as PyTorch frees saved
 * tensors (GradFn.release). So is a temporary receiver of a tensor's method (`(a * b).mean()`: calls.ts
 * callExpr). A name, a user function's result or anything else may be held elsewhere and is never recycled.
 */
export function recycleOperand(temp: boolean, operand: Value, result: PTensor): void {
  if (!temp || !isTensor(operand) || operand === result || operand.data === result.data) return;
  // Only the result's graph reaches it now (autograd.ts dropGraph).
  operand.dropped = true;
  const fn = result.gradFn;
  // A backward reads it when the result's node saved it (any operand where the op does not say), or when the
  // operand's own node reads its own values.
  const read = fn && (!fn.reads || fn.reads.some((t) => t.data === operand.data) || (operand.gradFn && !operand.gradFn.reads));
  // A record shows it (a loss's value or input): released when the last record lets go, once that node is freed.
  if (operand.holds > 0) releaseStorage(operand, read ? [fn] : []);
  else if (read) (fn.release ??= []).push(operand.data);
  else recycle(operand.data);
}
