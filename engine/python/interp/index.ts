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
import { setEvalVersion } from "../version";
import type { Expr, FPart, Stmt } from "../ast";
import { budget } from "../budget";
import { LimitError, PyError, Unsupported, type Span } from "../errors";
import type { LossOutcome } from "../lossbridge";
import { ownLossInBlock, ownLossResult } from "../ownloss";
import { MT19937 } from "../random";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { scalarOf, type Ctx } from "../torchapi";
import { hasOwn, NONE, repr, Scope, str, toStr, typeName, type Args, type Fn, type FunctionValue, type Value } from "../values";
import type { Diagnostic, LossEvaluation } from "../types";
import * as access from "./access";
import * as builtins from "./builtins";
import * as calls from "./calls";
import * as expressions from "./expressions";
import * as operators from "./operators";
import * as classes from "./classes";
import { BreakSignal, ContinueSignal, ReturnSignal, Skip, StopRun } from "./signals";
import * as strformat from "./strformat";

export interface InterpOptions {
  maxSteps: number;
  isCancelled?: () => boolean;
}



export class Interpreter implements Ctx {
  readonly globals = new Map<string, Value>();
  readonly globalScope = new Scope(this.globals, null);
  /** The innermost scope: a function call's, a class body's, or the module's. */
  scope: Scope = this.globalScope;
  /** Calls of user functions in progress (super() reads the innermost). */
  readonly frames: { fn: FunctionValue; args: Value[] }[] = [];
  /** The exception an `except` clause is handling (a bare `raise` re-raises it). */
  handling: PyError[] = [];
  /** A skipped statement would have run backward(): any gradient read after it is unknown. */
  gradsUnknown: { what: string; line: number } | null = null;
  readonly diagnostics: Diagnostic[] = [];
  readonly results: LossEvaluation[] = [];
  readonly out: string[] = [];
  /** Characters printed so far (kept in `out` up to the output cap). */
  printed = 0;
  readonly rng = new MT19937(0);
  steps = 0;
  callDepth = 0;
  /** The last built-in loss the current top-level statement called (its result; only the last is kept: a loop
   * calling a loss 10^4 times must not hold every call's tensors). */
  lastLoss: LossOutcome | null = null;
  /** The last losses recordLoss reported (their tensors stay held: setLastLoss). */
  private readonly reported = new WeakSet<LossOutcome>();
  /** The module-level statement that made lastLoss: inside a block (a loop, try, with), the block's own line. */
  private lossStmt: Stmt | null = null;
  /** The module-level statement running now, however deep in blocks (not in a function's body). */
  private moduleStmt: Stmt | null = null;
  readonly builtins: Map<string, Value>;

  constructor(
    readonly engine: Engine,
    readonly opts: InterpOptions,
  ) {
    this.builtins = this.makeBuiltins();
    // exp / log / log1p / sigmoid / softmax to PyTorch's last bit: ATen's Sleef and glibc math from the engine.
    T.setExactMath((op, data, vector, into) => void engine.elementwise(op, data, vector, undefined, into));
    // + - * / and the other element loops, sums and clamp in the engine's SIMD kernels (tensor/wasm.ts).
    T.setKernels(engine.kernels);
    // Large float tensors live in a heap of the engine's kernels made on the first one (tensor/resident.ts).
    T.setResidentHeap(() => engine.residentHeap());
    setEvalVersion(engine.pytorch);
    T.setGradEnabled(true);
    T.setAnomaly(false);
    this.globals.set("__name__", str("__main__"));
  }

  /**
   * A selection rarely carries its imports: the conventional aliases (torch, nn, F, np, plt) are there already.
   * A whole program (one that imports torch itself) runs as Python runs it: only what it imports exists.
   */
  predefine(body: Stmt[]): void {
    if (body.some((s) => s.k === "import" && s.names.some((n) => n.module.split(".")[0] === "torch" && (n.alias === null || n.module === "torch")))) return;
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

  private readonly warnedOnce = new Set<string>();
  warnOnce(message: string, span: Span, key = message): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.warn(message, span);
  }

  onLoss(outcome: LossOutcome, span: Span): void {
    this.setLastLoss(outcome);
    this.lossStmt = this.moduleStmt;
    for (const w of outcome.result.warnings) this.diag(span, "warning", `UserWarning: ${w}`);
  }

  /**
   * The loss recordLoss may report: while it is the last, its value's graph is kept (its gradients are taken at the
   * statement's end, after a function's locals may have died) and its value and inputs keep their storage, for
   * good once recordLoss has reported it.
   */
  private setLastLoss(outcome: LossOutcome | null): void {
    const old = this.lastLoss;
    this.lastLoss = outcome;
    if (outcome) {
      for (const t of [outcome.value, ...outcome.inputs]) T.holdStorage(t);
      T.pinGraph(outcome.value);
    }
    if (!old) return;
    T.unpinGraph(old.value);
    if (this.reported.has(old)) return;
    for (const t of [old.value, ...old.inputs]) T.unholdStorage(t);
    // Only a record shows a built-in loss's per-element values (the bridge's own copy): an unreported loss's go back
    // now. The garbage collector's registry runs only after the evaluation, so a loop would fill the heap with them.
    const each = old.result.perElement.data;
    const shared = [old.value, ...old.inputs, ...old.result.grads].some((t) => t?.data === each);
    if (!shared) T.recycle(each as T.Storage);
  }

  backward(t: PTensor, gradient: PTensor | undefined, retainGraph: boolean): void {
    T.backward(t, gradient, retainGraph);
  }

  // ------------------------------------------------------------ diagnostics

  diag(span: Span, severity: Diagnostic["severity"], message: string): void {
    this.diagnostics.push({ line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, severity, message });
  }

  // ------------------------------------------------------------ statements

  /**
   * Runs a module body as Python does: statement by statement until an exception, which stops the run (its
   * diagnostic on the statement). An unsupported construct skips its statement and what depends on it.
   */
  run(body: Stmt[]): void {
    this.predefine(body);
    try {
      this.runEach(body);
    } catch (e) {
      if (!(e instanceof StopRun)) throw e;
    }
  }

  runEach(body: Stmt[]): void {
    for (const s of body) {
      if (this.opts.isCancelled?.()) throw new LimitError("cancelled", s.span);
      this.setLastLoss(null);
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
        if (e instanceof StopRun) throw e;
        if (this.handle(e, s) === "stop") throw new StopRun();
      }
    }
  }

  /** Reports why statement s did not complete; "stop" when Python would have stopped there. */
  handle(e: unknown, s: Stmt): "stop" | "skip" {
    if (e instanceof LimitError) throw e;
    if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) {
      const what = e instanceof ReturnSignal ? "'return' outside function" : e instanceof BreakSignal ? "'break' outside loop" : "'continue' not properly in loop";
      this.diag(s.span, "error", `SyntaxError: ${what}`);
      return "stop";
    }
    if (e instanceof Skip) {
      this.diag(s.span, "info", `skipped: uses '${e.name}', which was not evaluated (line ${e.line})`);
    } else if (e instanceof Unsupported) {
      // Inside a function the objects it changed before this point are unknown (its arguments, globals, self), and
      // a write into a copied view misses its base: the run stops here rather than print values that may be stale.
      const rest = e.stopsRun ? ` (${e.stopsRun}: the rest of the program is not run)` : "";
      this.diag(e.span ?? s.span, "warning", `not supported by Loss Lens: ${e.message}${rest}`);
      if (e.stopsRun) return "stop";
    } else if (e instanceof PyError) {
      this.diag(e.span ?? s.span, "error", e.text());
      return "stop";
    } else if (e instanceof RangeError) {
      // JavaScript's RangeError is either the stack (Python's RecursionError) or a size V8 refuses (a string or
      // array past its maximum length, an ArrayBuffer it cannot allocate): Python's MemoryError.
      this.diag(s.span, "error", /call stack/i.test(e.message) ? "RecursionError: maximum recursion depth exceeded" : "MemoryError: a value larger than the evaluator can hold");
      return "stop";
    } else {
      // A bug of ours must not look like the user's: say so, without a stack trace.
      this.diag(s.span, "error", `internal error: ${(e as Error)?.message ?? String(e)}`);
      return "stop";
    }
    // What the statement would have set is unknown now: the names it binds, the objects it mutates, the
    // gradients a backward() in it would have accumulated.
    const effects = sideEffects(s, e instanceof Unsupported && e.mutatesArguments);
    for (const name of effects.names) this.globalScope.vars.set(name, { t: "unavailable", name, line: s.span.line });
    if (effects.backward) this.gradsUnknown = { what: effects.backward, line: s.span.line };
    return "skip";
  }

  recordLoss(s: Stmt): void {
    // A user's loss (their class or def) is the result, not the built-in losses it calls inside; in a block (a
    // training loop), its last assignment there.
    const own = ownLossResult(s, this.globals) ?? ownLossInBlock(s, this.globals);
    if (own) {
      if (isTensor(own.value)) T.holdStorage(own.value);
      return void this.results.push(own);
    }
    const outcome = this.lastLoss;
    if (!outcome) return;
    this.reported.add(outcome);
    // A loss made in a block is reported on the statement inside it that made it, as a user's own loss is.
    const at = BLOCKS.has(s.k) && this.lossStmt ? this.lossStmt : s;
    const target = at.k === "assign" && at.targets.length === 1 && at.targets[0].k === "name" ? at.targets[0].id : null;
    // No prototype: a variable named __proto__ or constructor is a key like any other.
    const grads: Record<string, Tensor> = Object.create(null) as Record<string, Tensor>;
    if (outcome.value.requiresGrad) {
      let leaves: Map<T.PTensor, T.PTensor>;
      try {
        leaves = T.leafGrads(outcome.value, undefined, true);
      } catch (e) {
        // A graph an earlier backward() freed (tensor/autograd.ts): the value stands, its gradients are unknown.
        if (!(e instanceof PyError)) throw e;
        leaves = new Map();
      }
      for (const [name, v] of this.globals) {
        if (isTensor(v) && leaves.has(v)) grads[name] = leaves.get(v) as Tensor;
      }
    }
    this.results.push({
      line: at.span.line,
      column: at.span.column,
      endLine: at.span.endLine,
      endColumn: at.span.endColumn,
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

  /** Binds a name in the current scope (or the module's, for names declared global). */
  bind(name: string, v: Value): void {
    this.bindingMap(name).set(name, v);
  }

  /** Where bind() puts `name`: the current scope's variables, or the module's for names declared global. */
  bindingMap(name: string): Map<string, Value> {
    return this.scope.globals?.has(name) ? this.globals : this.scope.vars;
  }

  /** The scope a function defined here closes over: class bodies are not visible to their methods. */
  closureScope(): Scope {
    for (let c: Scope | null = this.scope; c && !c.captured; c = c.parent) c.captured = true;
    let s = this.scope;
    while (s.isClass && s.parent) s = s.parent;
    return s;
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
    if (this.callDepth === 0) this.moduleStmt = s;
    switch (s.k) {
      case "expr":
        this.eval(s.value);
        return;
      case "assign": {
        const one = s.targets.length === 1 && s.targets[0].k === "name" ? s.targets[0].id : null;
        const call = one !== null && s.value.k === "call" ? s.value : null;
        const claim: expressions.AssignClaim = { fresh: false, into: one ?? undefined };
        const v = call ? this.evalWith(call, () => calls.callExpr(this, call, claim)) : this.eval(s.value);
        if (one === null) for (const t of s.targets) this.assign(t, v);
        else expressions.rebindName(this, one, v, claim.fresh || expressions.isTemporary(s.value, v), claim.viewOf);
        return;
      }
      case "augassign": {
        const cur = this.eval(s.target);
        const rhs = this.eval(s.value);
        if (isTensor(cur)) {
          // x += y on a tensor is in place (x.add_(y)): the same object, its dtype kept.
          T.inplace(cur, (self) => this.binop(s.op, self, rhs, s.span), s.op);
          if (s.target.k !== "name") this.assign(s.target, cur);
          return;
        }
        const v = !isTensor(cur) && cur.t === "list" && s.op === "+" ? ((cur.items.push(...this.iterate(rhs, s.span)), cur) as Value) : this.binop(s.op, cur, rhs, s.span);
        this.assign(s.target, v);
        return;
      }
      case "annassign":
        if (s.value) this.assign(s.target, this.eval(s.value));
        return;
      case "import":
        for (const n of s.names) {
          const mod = moduleValue(n.module);
          if (n.alias) this.bind(n.alias, mod);
          else this.bind(n.module.split(".")[0], moduleValue(n.module.split(".")[0]));
        }
        return;
      case "from":
        for (const n of s.names) {
          if (n.name === "*") throw new Unsupported(`from ${s.module} import *`, s.span);
          const full = `${s.module}.${n.name}`;
          const known = moduleValue(full);
          let v: Value = known;
          if (!isTensor(known) && known.t === "opaque" && (isKnownModule(s.module) || hasOwn(MODULE_ALIASES, s.module))) {
            v = this.attr(moduleValue(s.module), n.name, n.span);
          }
          this.bind(n.alias ?? n.name, v);
        }
        return;
      case "if": {
        const branch = this.truthy(this.eval(s.test)) ? s.body : s.orelse;
        this.execBlock(branch);
        return;
      }
      case "for": {
        const src = this.eval(s.iter);
        const cursor = access.cursorOf(src);
        const start = cursor?.pos ?? 0;
        const items = this.iterate(src, s.iter.span);
        for (let i = 0; i < items.length; i++) {
          this.assign(s.target, items[i]);
          if (this.loopBody(s.body) === "break") {
            // An iterator broken out of keeps the items the loop did not take, for a later next() or loop.
            if (cursor) cursor.pos = start + i + 1;
            break;
          }
        }
        return;
      }
      case "while":
        while (this.truthy(this.eval(s.test))) {
          this.step(s.span);
          if (this.loopBody(s.body) === "break") break;
        }
        return;
      case "with":
        return this.withItems(s, 0);
      case "def": {
        let f: Value = {
          t: "function",
          name: s.name,
          params: s.params,
          body: s.body,
          defaults: s.params.map((p) => (p.default ? this.eval(p.default) : null)),
          closure: this.closureScope(),
        };
        for (let i = s.decorators.length - 1; i >= 0; i--) f = classes.decorate(this, this.eval(s.decorators[i]), f, s.decorators[i].span);
        this.bind(s.name, f);
        return;
      }
      case "class":
        this.bind(s.name, classes.defineClass(this, s));
        return;
      case "try":
        return this.tryStatement(s);
      case "raise":
        throw this.raise(s);
      case "assert":
        if (!this.truthy(this.eval(s.test))) throw new PyError("AssertionError", s.msg ? toStr(this.eval(s.msg)) : "", s.span);
        return;
      case "del":
        for (const t of s.targets) this.del(t);
        return;
      case "global":
        if (this.scope !== this.globalScope) {
          this.scope.globals ??= new Set();
          for (const n of s.names) this.scope.globals.add(n);
        }
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

  /** with A, B: ... — torch.no_grad() / enable_grad() / set_grad_enabled(b) set the grad mode for the body. */
  private withItems(s: Extract<Stmt, { k: "with" }>, i: number): void {
    if (i === s.items.length) return this.execBlock(s.body);
    const it = s.items[i];
    const v = this.eval(it.expr);
    if (!isTensor(v) && v.t === "builtin" && v.context === "noop") {
      if (it.alias) this.assign(it.alias, v);
      return this.withItems(s, i + 1);
    }
    if (isTensor(v) || v.t !== "gradmode") throw new Unsupported(`'with ${typeName(v)}' blocks`, it.expr.span);
    if (it.alias) this.assign(it.alias, NONE);
    // set_grad_enabled(b) already switched the mode when called: on exit, the mode before that call comes back.
    const restore = v.prev ?? T.isGradEnabled();
    T.setGradEnabled(v.on);
    // Anomaly mode likewise: on for the body, the mode before the call afterwards.
    if (v.anomaly) T.setAnomaly(v.anomaly.on);
    try {
      this.withItems(s, i + 1);
    } finally {
      T.setGradEnabled(restore);
      if (v.anomaly) T.setAnomaly(v.anomaly.prev);
    }
  }

  private tryStatement(s: Extract<Stmt, { k: "try" }>): void {
    try {
      let raised: PyError | null = null;
      try {
        this.execBlock(s.body);
      } catch (e) {
        if (!(e instanceof PyError) || e.kind === "LimitError") throw e;
        raised = e;
      }
      if (raised) {
        const h = s.handlers.find((x) => x.type === null || classes.exceptionMatches(this, raised!, this.eval(x.type)));
        if (!h) throw raised;
        if (h.name) this.bind(h.name, classes.exceptionValue(raised));
        this.handling.push(raised);
        try {
          this.execBlock(h.body);
        } finally {
          this.handling.pop();
        }
      } else this.execBlock(s.orelse);
    } finally {
      if (s.finalbody.length) this.execBlock(s.finalbody);
    }
  }

  private raise(s: Extract<Stmt, { k: "raise" }>): PyError {
    if (!s.exc) {
      const cur = this.handling[this.handling.length - 1];
      return cur ?? new PyError("RuntimeError", "No active exception to reraise", s.span);
    }
    const v = this.eval(s.exc);
    const err = classes.toPyError(this, v, s.exc.span);
    err.span = s.span;
    return err;
  }

  private del(target: Expr): void {
    if (target.k === "name") {
      const vars = this.scope.globals?.has(target.id) ? this.globals : this.scope.vars;
      if (!vars.delete(target.id)) throw new PyError("NameError", `name '${target.id}' is not defined`, target.span);
      return;
    }
    if (target.k === "tuple" || target.k === "list") return target.items.forEach((t) => this.del(t));
    if (target.k === "index") {
      const obj = this.eval(target.obj);
      const key = this.eval(target.index);
      if (!isTensor(obj) && obj.t === "list") {
        obj.items.splice(this.listIndex(obj.items.length, key), 1);
        return;
      }
      if (!isTensor(obj) && obj.t === "dict") {
        const at = obj.keys.findIndex((k) => this.equals(k, key));
        if (at < 0) throw new PyError("KeyError", repr(key), target.span);
        obj.keys.splice(at, 1);
        obj.values.splice(at, 1);
        return;
      }
    }
    if (target.k === "attr") {
      const obj = this.eval(target.obj);
      if (!isTensor(obj) && obj.t === "instance" && obj.attrs.delete(target.name)) return;
    }
    throw new Unsupported("this del statement", target.span);
  }

  assign(target: Expr, v: Value): void {
    switch (target.k) {
      case "name":
        this.bind(target.id, v);
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
            T.setGrad(obj, isTensor(v) ? v : null);
            return;
          }
          if (target.name === "data" && isTensor(v)) {
            obj.data = T.cast(v, obj.dtype).data;
            obj.shape = v.shape.slice();
            obj.strides = v.strides ? v.strides.slice() : null;
            return;
          }
        }
        if (classes.setAttr(this, obj, target.name, v, target.span)) return;
        throw new Unsupported(`assigning to .${target.name} of ${typeName(obj)}`, target.span);
      }
      case "index": {
        const obj = this.eval(target.obj);
        if (isTensor(obj)) {
          T.checkLeafInPlace(obj, target.span);
          let val = isTensor(v) ? v : scalarOf(v);
          if (!val) throw new PyError("TypeError", `can't assign a ${typeName(v)} to a ${T.dtypeName(obj.dtype)}Tensor`, target.span);
          const index = this.eval(target.index);
          if (T.isNarrowInt(obj.dtype)) val = isTensor(val) ? T.cast(val, obj.dtype) : { value: T.checkedNarrow(obj.dtype, val.value, val.kind === "float", true), kind: "int" };
          const parts = !isTensor(index) && index.t === "tuple" ? index.items : [index];
          // 1.13 warns and fills, 2.x refuses a uint8 mask in masked_fill_: not reproduced.
          if (parts.some((p) => isTensor(p) && p.dtype === "uint8" && p.ndim > 0)) throw new Unsupported("assignment through a torch.uint8 mask", target.span);
          const items = this.indexItems(index);
          if (T.isGradEnabled() && (obj.requiresGrad || (isTensor(v) && v.requiresGrad))) T.inplace(obj, (self) => T.indexPut(self, items, val), "index_put_");
          else T.setIndex(obj, items, val);
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
    return this.evalWith(e, () => this.evalInner(e));
  }

  /** e's value computed by `inner`, with eval's step and error span. */
  evalWith(e: Expr, inner: () => Value): Value {
    this.step(e.span);
    try {
      return inner();
    } catch (err) {
      if ((err instanceof PyError || err instanceof Unsupported) && !err.span) err.span = e.span;
      throw err;
    }
  }

  lookup(id: string, span: Span): Value {
    let v: Value | undefined;
    if (this.scope.globals?.has(id)) v = this.globals.get(id);
    else for (let sc: Scope | null = this.scope; sc && v === undefined; sc = sc.parent) v = sc.vars.get(id);
    if (v === undefined) v = this.builtins.get(id);
    if (v === undefined) {
      if (this.scope !== this.globalScope && this.scope.vars.size >= 0 && this.frames.length) {
        // A name assigned later in the same function is local to it: reading it first is an UnboundLocalError.
      }
      throw new PyError("NameError", `name '${id}' is not defined`, span);
    }
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

  callUser(f: FunctionValue, args: Args): Value {
    return calls.callUser(this, f, args);
  }

  // ------------------------------------------------------------ indexing

  toIndexInt(v: Value, span: Span): number {
    return access.toIndexInt(this, v, span);
  }

  indexItems(idx: Value, span?: Span): T.IndexItem[] {
    return access.indexItems(this, idx, span);
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
  return ["torch", "torch.nn", "torch.nn.functional", "numpy", "math", "torch.nn.modules", "torch.nn.modules.loss", "torch.cuda", "torch.linalg", "torch.special", "torch.autograd", "torch.optim", "torch.nn.init", "torch.distributions"].includes(name);
}

/** Submodules whose names the subset serves from their package (torch.distributions.kl.kl_divergence...). */
/** Statements whose body holds others: a loss made inside one is reported where it was made. */
const BLOCKS = new Set(["for", "while", "with", "try"]);

const MODULE_ALIASES: Record<string, string> = {
  "torch.distributions.normal": "torch.distributions",
  "torch.distributions.categorical": "torch.distributions",
  "torch.distributions.bernoulli": "torch.distributions",
  "torch.distributions.kl": "torch.distributions",
};

function moduleValue(name: string): Value {
  if (hasOwn(MODULE_ALIASES, name)) return { t: "module", name: MODULE_ALIASES[name] };
  if (isKnownModule(name)) return { t: "module", name };
  return { t: "opaque", what: name };
}

/** Methods that change their receiver (besides the in-place `name_` convention). */
const MUTATING = new Set(["append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "sort", "reverse", "add", "discard", "register_buffer", "register_parameter", "add_module", "zero_grad", "step", "train", "eval", "apply", "fill_diagonal_"]);

/**
 * What a statement that did not run would have changed: the names it binds, the variables whose objects it
 * mutates (x.add_(...), x[i] = ..., obj.attr = ..., lst.append(...)), and whether it runs backward().
 */
function sideEffects(s: Stmt, callArguments = false): { names: string[]; backward: string | null } {
  const names: string[] = [];
  let backward: string | null = null;
  const root = (e: Expr): string | null => (e.k === "name" ? e.id : e.k === "attr" || e.k === "index" ? root(e.obj) : e.k === "call" ? root(e.func) : null);
  const target = (e: Expr) => {
    if (e.k === "name") names.push(e.id);
    else if (e.k === "tuple" || e.k === "list") e.items.forEach(target);
    else if (e.k === "starred") target(e.value);
    else if (e.k === "attr" || e.k === "index") {
      const r = root(e);
      if (r) names.push(r);
    }
  };
  const expr = (e: Expr | null): void => {
    if (!e) return;
    if (e.k === "call" && callArguments) {
      for (const a of e.args) {
        const r = root(a.value);
        if (r) names.push(r);
      }
    }
    if (e.k === "call" && e.func.k === "attr") {
      const m = e.func.name;
      if (m === "backward") backward ??= `${root(e.func.obj) ?? "tensor"}.backward()`;
      if (MUTATING.has(m) || (m.endsWith("_") && !m.startsWith("_"))) {
        const r = root(e.func.obj);
        if (r) names.push(r);
      }
    }
    if (e.k === "call" && e.func.k === "name" && e.func.id === "setattr" && e.args[0]) {
      const r = root(e.args[0].value);
      if (r) names.push(r);
    }
    for (const v of Object.values(e)) {
      if (v && typeof v === "object") {
        if (Array.isArray(v)) for (const x of v) visit(x);
        else visit(v);
      }
    }
  };
  const visit = (x: unknown): void => {
    if (!x || typeof x !== "object") return;
    const o = x as { k?: string; value?: Expr };
    if (typeof o.k === "string" && "span" in o) {
      if (STMT_KINDS.has(o.k)) stmt(o as Stmt);
      else expr(o as Expr);
    } else if ("value" in o && o.value && typeof o.value === "object") visit(o.value); // call arguments
    else if ("target" in o) {
      // comprehension clauses
      const c = x as { iter: Expr; ifs: Expr[] };
      expr(c.iter);
      c.ifs.forEach(expr);
    } else if ("body" in o) (x as { body: Stmt[] }).body.forEach(stmt); // except handlers
  };
  const stmt = (st: Stmt): void => {
    switch (st.k) {
      case "assign":
        st.targets.forEach(target);
        expr(st.value);
        return;
      case "augassign":
      case "annassign":
        target(st.target);
        expr(st.value);
        return;
      case "for":
        target(st.target);
        expr(st.iter);
        st.body.forEach(stmt);
        return;
      case "def":
      case "class":
        names.push(st.name);
        return;
      case "import":
        st.names.forEach((n) => names.push(n.alias ?? n.module.split(".")[0]));
        return;
      case "from":
        st.names.forEach((n) => names.push(n.alias ?? n.name));
        return;
      case "try":
        [...st.body, ...st.orelse, ...st.finalbody].forEach(stmt);
        st.handlers.forEach((h) => {
          if (h.name) names.push(h.name);
          h.body.forEach(stmt);
        });
        return;
      case "with":
        st.items.forEach((i) => {
          expr(i.expr);
          if (i.alias) target(i.alias);
        });
        st.body.forEach(stmt);
        return;
      case "if":
      case "while":
        expr(st.test);
        [...st.body, ...(st.k === "if" ? st.orelse : [])].forEach(stmt);
        return;
      case "del":
        st.targets.forEach(target);
        return;
      case "expr":
      case "return":
        expr(st.value);
        return;
      case "assert":
        expr(st.test);
        return;
      case "raise":
        expr(st.exc);
        return;
    }
  };
  stmt(s);
  return { names, backward };
}

const STMT_KINDS = new Set(["expr", "assign", "augassign", "annassign", "import", "from", "if", "for", "while", "with", "def", "class", "try", "raise", "assert", "del", "global", "return", "pass", "break", "continue", "unsupported", "error"]);
