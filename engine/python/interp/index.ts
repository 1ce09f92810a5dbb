// The tree-walking evaluator. User code is never executed as code: every name, call and attribute resolves to
// something the evaluator implements, or it is reported (unsupported: a warning; Python/PyTorch errors: an
// error with their message) and the statement is skipped, together with what depends on it.
//   index.ts        the Interpreter: state, statements, assignment
//   calls.ts        call expressions, calling builtins, modules and user functions
//   expressions.ts  expressions      access.ts   attributes, indexing, iteration
//   operators.ts    truthiness, comparisons, arithmetic on Python values and tensors
//   strformat.ts    str methods, str.format, % formatting     builtins.ts  print, len, range...
//   signals.ts      control flow (return / break / continue) and dependency skips
import type { Engine, Tensor } from "../../api/types";
import type { Expr, FPart, Stmt } from "../ast";
import { budget } from "../budget";
import { LimitError, PyError, Unsupported, type Span } from "../errors";
import type { LossOutcome } from "../lossbridge";
import { MT19937 } from "../random";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { scalarOf, type Ctx } from "../torchapi";
import { NONE, typeName, type Args, type Fn, type Value } from "../values";
import type { Diagnostic, LossEvaluation } from "../types";
import * as access from "./access";
import * as builtins from "./builtins";
import * as calls from "./calls";
import * as expressions from "./expressions";
import * as operators from "./operators";
import { BreakSignal, ContinueSignal, ReturnSignal, Skip } from "./signals";
import * as strformat from "./strformat";

export interface InterpOptions {
  maxSteps: number;
  isCancelled?: () => boolean;
}



export class Interpreter implements Ctx {
  readonly globals = new Map<string, Value>();
  locals: Map<string, Value> | null = null;
  readonly diagnostics: Diagnostic[] = [];
  readonly results: LossEvaluation[] = [];
  readonly out: string[] = [];
  /** Characters printed so far (kept in `out` up to the output cap). */
  printed = 0;
  readonly rng = new MT19937(0);
  steps = 0;
  callDepth = 0;
  losses: { outcome: LossOutcome; span: Span }[] = [];
  readonly builtins: Map<string, Value>;

  constructor(
    readonly engine: Engine,
    readonly opts: InterpOptions,
  ) {
    this.builtins = this.makeBuiltins();
    // exp / log / log1p / sigmoid / softmax to PyTorch's last bit: ATen's Sleef and glibc math from the engine.
    T.setExactMath((op, data, vector) => engine.elementwise(op, data, vector));
    // A selection rarely carries its imports: the conventional aliases are there already.
    this.globals.set("torch", { t: "module", name: "torch" });
    this.globals.set("nn", { t: "module", name: "torch.nn" });
    this.globals.set("F", { t: "module", name: "torch.nn.functional" });
    this.globals.set("np", { t: "module", name: "numpy" });
    this.globals.set("plt", { t: "opaque", what: "matplotlib.pyplot" });
  }

  get stdout(): string {
    return this.out.join("");
  }

  // ------------------------------------------------------------ Ctx

  warn(message: string, span: Span): void {
    this.diag(span, "warning", message);
  }

  onLoss(outcome: LossOutcome, span: Span): void {
    this.losses.push({ outcome, span });
    for (const w of outcome.result.warnings) this.diag(span, "warning", `UserWarning: ${w}`);
  }

  backward(t: PTensor, gradient: PTensor | undefined): void {
    T.backward(t, gradient);
  }

  // ------------------------------------------------------------ diagnostics

  diag(span: Span, severity: Diagnostic["severity"], message: string): void {
    this.diagnostics.push({ line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, severity, message });
  }

  // ------------------------------------------------------------ statements

  /** Runs a module body: each statement on its own, so one failure skips only it and its dependents. */
  run(body: Stmt[]): void {
    this.runEach(body);
  }

  runEach(body: Stmt[]): void {
    for (const s of body) {
      if (this.opts.isCancelled?.()) throw new LimitError("cancelled", s.span);
      this.losses = [];
      try {
        if (s.k === "if") {
          // Top-level if bodies (the seeds' `if flag:` blocks) keep per-statement recovery.
          const branch = this.truthy(this.eval(s.test)) ? s.body : s.orelse;
          this.runEach(branch);
          continue;
        }
        this.exec(s);
        this.recordLoss(s);
      } catch (e) {
        this.handle(e, s);
      }
    }
  }

  handle(e: unknown, s: Stmt): void {
    if (e instanceof LimitError) throw e;
    if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) {
      const what = e instanceof ReturnSignal ? "'return' outside function" : e instanceof BreakSignal ? "'break' outside loop" : "'continue' not properly in loop";
      this.diag(s.span, "error", `SyntaxError: ${what}`);
      return;
    }
    if (e instanceof Skip) {
      this.diag(s.span, "info", `skipped: uses '${e.name}', which was not evaluated (line ${e.line})`);
    } else if (e instanceof Unsupported) {
      this.diag(e.span ?? s.span, "warning", `not evaluated: ${e.message}`);
    } else if (e instanceof PyError) {
      this.diag(e.span ?? s.span, "error", e.text());
    } else if (e instanceof RangeError) {
      // JavaScript's RangeError is either the stack (Python's RecursionError) or a size V8 refuses (a string or
      // array past its maximum length, an ArrayBuffer it cannot allocate): Python's MemoryError.
      this.diag(s.span, "error", /call stack/i.test(e.message) ? "RecursionError: maximum recursion depth exceeded" : "MemoryError: a value larger than the evaluator can hold");
    } else {
      // A bug of ours must not look like the user's: say so, without a stack trace.
      this.diag(s.span, "error", `internal error: ${(e as Error)?.message ?? String(e)}`);
    }
    for (const name of assignedNames(s)) this.scope().set(name, { t: "unavailable", name, line: s.span.line });
  }

  recordLoss(s: Stmt): void {
    const last = this.losses[this.losses.length - 1];
    if (!last) return;
    const { outcome } = last;
    const target = s.k === "assign" && s.targets.length === 1 && s.targets[0].k === "name" ? s.targets[0].id : null;
    // No prototype: a variable named __proto__ or constructor is a key like any other.
    const grads: Record<string, Tensor> = Object.create(null) as Record<string, Tensor>;
    if (outcome.value.requiresGrad) {
      const leaves = T.leafGrads(outcome.value, undefined, true);
      for (const [name, v] of this.globals) {
        if (isTensor(v) && leaves.has(v)) grads[name] = leaves.get(v) as Tensor;
      }
    }
    this.results.push({
      line: s.span.line,
      column: s.span.column,
      endLine: s.span.endLine,
      endColumn: s.span.endColumn,
      target,
      loss: outcome.className,
      options: outcome.options,
      value: outcome.value as Tensor,
      perElement: outcome.result.perElement,
      grads,
      inputs: outcome.inputs as Tensor[],
      random: outcome.inputs.some((t) => t.random),
    });
  }

  scope(): Map<string, Value> {
    return this.locals ?? this.globals;
  }

  step(span: Span): void {
    budget().step(span);
    if (++this.steps > this.opts.maxSteps) {
      throw new LimitError(`evaluation stopped after ${this.opts.maxSteps} steps (maxSteps): a loop that does not end, or too much work for a selection`, span);
    }
  }

  /** One pass of a for/while body: `break` and `continue` travel as signals out of nested statements. */
  loopBody(body: Stmt[]): "break" | "continue" | undefined {
    try {
      this.execBlock(body);
      return undefined;
    } catch (e) {
      if (e instanceof BreakSignal) return "break";
      if (e instanceof ContinueSignal) return "continue";
      throw e;
    }
  }

  execBlock(body: Stmt[]): void {
    for (const s of body) this.exec(s);
  }

  exec(s: Stmt): void {
    this.step(s.span);
    switch (s.k) {
      case "expr":
        this.eval(s.value);
        return;
      case "assign": {
        const v = this.eval(s.value);
        for (const t of s.targets) this.assign(t, v);
        return;
      }
      case "augassign": {
        const cur = this.eval(s.target);
        if (isTensor(cur) && cur.requiresGrad && !cur.gradFn) {
          throw new PyError("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.", s.span);
        }
        const v = this.binop(s.op, cur, this.eval(s.value), s.span);
        this.assign(s.target, v);
        return;
      }
      case "annassign":
        if (s.value) this.assign(s.target, this.eval(s.value));
        return;
      case "import":
        for (const n of s.names) {
          const mod = moduleValue(n.module);
          if (n.alias) this.scope().set(n.alias, mod);
          else this.scope().set(n.module.split(".")[0], moduleValue(n.module.split(".")[0]));
        }
        return;
      case "from":
        for (const n of s.names) {
          if (n.name === "*") throw new Unsupported(`from ${s.module} import *`, s.span);
          const full = `${s.module}.${n.name}`;
          const known = moduleValue(full);
          let v: Value = known;
          if (!isTensor(known) && known.t === "opaque" && isKnownModule(s.module)) {
            v = this.attr(moduleValue(s.module), n.name, n.span);
          }
          this.scope().set(n.alias ?? n.name, v);
        }
        return;
      case "if": {
        const branch = this.truthy(this.eval(s.test)) ? s.body : s.orelse;
        this.execBlock(branch);
        return;
      }
      case "for": {
        const items = this.iterate(this.eval(s.iter), s.iter.span);
        for (const it of items) {
          this.assign(s.target, it);
          if (this.loopBody(s.body) === "break") break;
        }
        return;
      }
      case "while":
        while (this.truthy(this.eval(s.test))) {
          this.step(s.span);
          if (this.loopBody(s.body) === "break") break;
        }
        return;
      case "with": {
        for (const it of s.items) {
          const v = this.eval(it.expr);
          if (isTensor(v) || v.t !== "opaque" || v.what !== "torch.no_grad") throw new Unsupported(`'with ${typeName(v)}' blocks`, it.expr.span);
        }
        T.withNoGrad(() => this.execBlock(s.body));
        return;
      }
      case "def":
        this.scope().set(s.name, {
          t: "function",
          name: s.name,
          params: s.params,
          body: s.body,
          defaults: s.params.map((p) => (p.default ? this.eval(p.default) : null)),
        });
        return;
      case "return":
        throw new ReturnSignal(s.value ? this.eval(s.value) : NONE);
      case "pass":
        return;
      case "break":
        throw new BreakSignal();
      case "continue":
        throw new ContinueSignal();
      case "unsupported":
        throw new Unsupported(s.what, s.span);
      case "error":
        throw new PyError("SyntaxError", s.message, s.span);
    }
  }

  assign(target: Expr, v: Value): void {
    switch (target.k) {
      case "name":
        this.scope().set(target.id, v);
        if (isTensor(v) && !v.gradFn && v.requiresGrad) v.random ||= false;
        return;
      case "tuple":
      case "list": {
        const items = this.iterate(v, target.span);
        const star = target.items.findIndex((i) => i.k === "starred");
        if (star < 0 && items.length !== target.items.length) {
          throw new PyError("ValueError", items.length < target.items.length ? `not enough values to unpack (expected ${target.items.length}, got ${items.length})` : `too many values to unpack (expected ${target.items.length})`, target.span);
        }
        if (star >= 0) {
          const after = target.items.length - star - 1;
          if (items.length < target.items.length - 1) throw new PyError("ValueError", `not enough values to unpack (expected at least ${target.items.length - 1}, got ${items.length})`, target.span);
          target.items.forEach((t, i) => {
            if (i < star) this.assign(t, items[i]);
            else if (i === star) this.assign((t as { value: Expr }).value, { t: "list", items: items.slice(star, items.length - after) });
            else this.assign(t, items[items.length - (target.items.length - i)]);
          });
          return;
        }
        target.items.forEach((t, i) => this.assign(t, items[i]));
        return;
      }
      case "attr": {
        const obj = this.eval(target.obj);
        if (isTensor(obj)) {
          if (target.name === "requires_grad") {
            const on = this.truthy(v);
            if (on && !obj.isFloat) throw new PyError("RuntimeError", "only Tensors of floating point and complex dtype can require gradients", target.span);
            if (obj.gradFn) throw new PyError("RuntimeError", "you can only change requires_grad flags of leaf variables.", target.span);
            obj.requiresGrad = on;
            return;
          }
          if (target.name === "grad") {
            obj.grad = isTensor(v) ? v : null;
            return;
          }
          if (target.name === "data" && isTensor(v)) {
            obj.data = T.cast(v, obj.dtype).data;
            obj.shape = v.shape.slice();
            return;
          }
        }
        throw new Unsupported(`assigning to .${target.name} of ${typeName(obj)}`, target.span);
      }
      case "index": {
        const obj = this.eval(target.obj);
        if (isTensor(obj)) {
          if (obj.requiresGrad && !obj.gradFn) throw new PyError("RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.", target.span);
          if (obj.requiresGrad) throw new Unsupported("assigning into a tensor that is part of an autograd graph", target.span);
          const val = isTensor(v) ? v : scalarOf(v);
          if (!val) throw new PyError("TypeError", `can't assign a ${typeName(v)} to a ${T.dtypeName(obj.dtype)}Tensor`, target.span);
          T.setIndex(obj, this.indexItems(this.eval(target.index)), val);
          return;
        }
        if (obj.t === "list") {
          const i = this.listIndex(obj.items.length, this.eval(target.index));
          obj.items[i] = v;
          return;
        }
        if (obj.t === "dict") {
          const key = this.eval(target.index);
          const at = obj.keys.findIndex((k) => this.equals(k, key));
          if (at >= 0) obj.values[at] = v;
          else {
            obj.keys.push(key);
            obj.values.push(v);
          }
          return;
        }
        throw new PyError("TypeError", `'${typeName(obj)}' object does not support item assignment`, target.span);
      }
      case "starred":
        return this.assign(target.value, v);
      default:
        throw new PyError("SyntaxError", "cannot assign to expression", target.span);
    }
  }

  // ------------------------------------------------------------ expressions

  eval(e: Expr): Value {
    this.step(e.span);
    try {
      return this.evalInner(e);
    } catch (err) {
      if ((err instanceof PyError || err instanceof Unsupported) && !err.span) err.span = e.span;
      throw err;
    }
  }

  lookup(id: string, span: Span): Value {
    let v = this.locals?.get(id);
    if (v === undefined) v = this.globals.get(id);
    if (v === undefined) v = this.builtins.get(id);
    if (v === undefined) throw new PyError("NameError", `name '${id}' is not defined`, span);
    if (!isTensor(v) && v.t === "unavailable") throw new Skip(id, v.line);
    return v;
  }

  evalInner(e: Expr): Value {
    return expressions.evalInner(this, e);
  }

  evalItems(items: Expr[]): Value[] {
    return expressions.evalItems(this, items);
  }

  fstring(parts: FPart[]): string {
    return expressions.fstring(this, parts);
  }

  // ------------------------------------------------------------ attributes and calls

  attr(obj: Value, name: string, span: Span): Value {
    return access.attr(this, obj, name, span);
  }

  fn(name: string, fn: Fn): Value {
    return { t: "builtin", name, fn };
  }

  callExpr(e: Extract<Expr, { k: "call" }>): Value {
    return calls.callExpr(this, e);
  }

  call(f: Value, args: Args): Value {
    return calls.call(this, f, args);
  }

  ndarrayOf(v: Value): PTensor {
    return calls.ndarrayOf(this, v);
  }

  callUser(f: Extract<Value, { t: "function" }>, args: Args): Value {
    return calls.callUser(this, f, args);
  }

  // ------------------------------------------------------------ indexing

  toIndexInt(v: Value, span: Span): number {
    return access.toIndexInt(this, v, span);
  }

  indexItems(idx: Value): T.IndexItem[] {
    return access.indexItems(this, idx);
  }

  listIndex(len: number, idx: Value): number {
    return access.listIndex(this, len, idx);
  }

  index(obj: Value, idx: Value, span: Span): Value {
    return access.index(this, obj, idx, span);
  }

  iterate(v: Value, span: Span): Value[] {
    return access.iterate(this, v, span);
  }

  // ------------------------------------------------------------ operators

  truthy(v: Value): boolean {
    return operators.truthy(this, v);
  }

  equals(a: Value, b: Value): boolean {
    return operators.equals(this, a, b);
  }

  compare(op: string, a: Value, b: Value, span: Span): Value {
    return operators.compare(this, op, a, b, span);
  }

  binop(op: string, a: Value, b: Value, span: Span): Value {
    return operators.binop(this, op, a, b, span);
  }

  numberOp(op: string, a: Value, b: Value, span: Span): Value {
    return operators.numberOp(this, op, a, b, span);
  }

  npScalarOp(op: string, a: Value, b: Value, span: Span): Value {
    return operators.npScalarOp(this, op, a, b, span);
  }

  unaryop(op: string, v: Value, span: Span): Value {
    return operators.unaryop(this, op, v, span);
  }

  // ------------------------------------------------------------ strings

  strMethod(s: string, name: string, span: Span): Value {
    return strformat.strMethod(this, s, name, span);
  }

  strFormat(fmt: string, a: Args): string {
    return strformat.strFormat(this, fmt, a);
  }

  percentFormat(fmt: string, arg: Value): string {
    return strformat.percentFormat(this, fmt, arg);
  }

  // ------------------------------------------------------------ builtins

  makeBuiltins(): Map<string, Value> {
    return builtins.makeBuiltins(this);
  }
}

function isKnownModule(name: string): boolean {
  return name === "torch" || name === "torch.nn" || name === "torch.nn.functional" || name === "numpy" || name === "math";
}

function moduleValue(name: string): Value {
  if (isKnownModule(name)) return { t: "module", name };
  return { t: "opaque", what: name };
}

/** The names a statement binds: poisoned when it fails, so what depends on them is skipped. */
function assignedNames(s: Stmt): string[] {
  const out: string[] = [];
  const target = (e: Expr) => {
    if (e.k === "name") out.push(e.id);
    else if (e.k === "tuple" || e.k === "list") e.items.forEach(target);
    else if (e.k === "starred") target(e.value);
  };
  switch (s.k) {
    case "assign":
      s.targets.forEach(target);
      break;
    case "augassign":
    case "annassign":
      target(s.target);
      break;
    case "for":
      target(s.target);
      s.body.forEach((b) => out.push(...assignedNames(b)));
      break;
    case "while":
    case "with":
      s.body.forEach((b) => out.push(...assignedNames(b)));
      break;
    case "if":
      [...s.body, ...s.orelse].forEach((b) => out.push(...assignedNames(b)));
      break;
    case "def":
      out.push(s.name);
      break;
    case "import":
      s.names.forEach((n) => out.push(n.alias ?? n.module.split(".")[0]));
      break;
    case "from":
      s.names.forEach((n) => out.push(n.alias ?? n.name));
      break;
  }
  return out;
}
