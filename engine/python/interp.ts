// The tree-walking evaluator. User code is never executed as code: every name, call and attribute resolves to
// something this file or torchapi.ts implements, or it is reported (unsupported: a warning; Python/PyTorch
// errors: an error with their message) and the statement is skipped, together with what depends on it.
import { setEvalVersion } from "./version";
import type { Engine, Tensor } from "../api/types";
import type { Expr, FPart, Stmt } from "./ast";
import { LimitError, PyError, Unsupported, type Span } from "./errors";
import type { LossOutcome } from "./lossbridge";
import { formatFixed } from "./numfmt";
import { MT19937 } from "./random";
import * as T from "./tensor";
import { isTensor, PTensor } from "./tensor";
import { callModule, isNumber, listItems, moduleAttr, operand, scalarOf, tensorAttr, toNumber, type Ctx } from "./torchapi";
import { bool, float, formatValue, int, NONE, repr, str, toStr, typeName, type Args, type Fn, type Value } from "./values";
import type { Diagnostic, LossEvaluation } from "./types";

class ReturnSignal {
  constructor(readonly value: Value) {}
}
class BreakSignal {}
class ContinueSignal {}
/** A statement uses a name whose statement was skipped: skip this one too. */
class Skip {
  constructor(
    readonly name: string,
    readonly line: number,
  ) {}
}

export interface InterpOptions {
  maxSteps: number;
  isCancelled?: () => boolean;
}

const MAX_CALL_DEPTH = 100;

export class Interpreter implements Ctx {
  readonly globals = new Map<string, Value>();
  private locals: Map<string, Value> | null = null;
  readonly diagnostics: Diagnostic[] = [];
  readonly results: LossEvaluation[] = [];
  private readonly out: string[] = [];
  readonly rng = new MT19937(0);
  private steps = 0;
  private callDepth = 0;
  private losses: { outcome: LossOutcome; span: Span }[] = [];
  private readonly builtins: Map<string, Value>;

  constructor(
    readonly engine: Engine,
    private readonly opts: InterpOptions,
  ) {
    this.builtins = this.makeBuiltins();
    // exp / log / log1p / sigmoid / softmax to PyTorch's last bit: ATen's Sleef and glibc math from the engine.
    T.setExactMath((op, data, vector) => engine.elementwise(op, data, vector));
    setEvalVersion(engine.pytorch);
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

  private runEach(body: Stmt[]): void {
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

  private handle(e: unknown, s: Stmt): void {
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
      this.diag(s.span, "error", "RecursionError: maximum recursion depth exceeded");
    } else {
      // A bug of ours must not look like the user's: say so, without a stack trace.
      this.diag(s.span, "error", `internal error: ${(e as Error)?.message ?? String(e)}`);
    }
    for (const name of assignedNames(s)) this.scope().set(name, { t: "unavailable", name, line: s.span.line });
  }

  private recordLoss(s: Stmt): void {
    const last = this.losses[this.losses.length - 1];
    if (!last) return;
    const { outcome } = last;
    const target = s.k === "assign" && s.targets.length === 1 && s.targets[0].k === "name" ? s.targets[0].id : null;
    const grads: Record<string, Tensor> = {};
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

  private scope(): Map<string, Value> {
    return this.locals ?? this.globals;
  }

  private step(span: Span): void {
    if (++this.steps > this.opts.maxSteps) {
      throw new LimitError(`evaluation stopped after ${this.opts.maxSteps} steps (maxSteps): a loop that does not end, or too much work for a selection`, span);
    }
  }

  /** One pass of a for/while body: `break` and `continue` travel as signals out of nested statements. */
  private loopBody(body: Stmt[]): "break" | "continue" | undefined {
    try {
      this.execBlock(body);
      return undefined;
    } catch (e) {
      if (e instanceof BreakSignal) return "break";
      if (e instanceof ContinueSignal) return "continue";
      throw e;
    }
  }

  private execBlock(body: Stmt[]): void {
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

  private assign(target: Expr, v: Value): void {
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

  private lookup(id: string, span: Span): Value {
    let v = this.locals?.get(id);
    if (v === undefined) v = this.globals.get(id);
    if (v === undefined) v = this.builtins.get(id);
    if (v === undefined) throw new PyError("NameError", `name '${id}' is not defined`, span);
    if (!isTensor(v) && v.t === "unavailable") throw new Skip(id, v.line);
    return v;
  }

  private evalInner(e: Expr): Value {
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
        return str(this.fstring(e.parts));
      case "const":
        return e.value === null ? NONE : e.value === "..." ? { t: "ellipsis" } : bool(e.value);
      case "name":
        return this.lookup(e.id, e.span);
      case "attr":
        return this.attr(this.eval(e.obj), e.name, e.span);
      case "call":
        return this.callExpr(e);
      case "index":
        return this.index(this.eval(e.obj), this.eval(e.index), e.span);
      case "slice": {
        const b = (x: Expr | null) => {
          if (!x) return null;
          const v = this.eval(x);
          if (!isTensor(v) && v.t === "none") return null;
          return this.toIndexInt(v, x.span);
        };
        return { t: "slice", start: b(e.lower), stop: b(e.upper), step: b(e.step) };
      }
      case "bin":
        return this.binop(e.op, this.eval(e.left), this.eval(e.right), e.span);
      case "unary":
        return this.unaryop(e.op, this.eval(e.operand), e.span);
      case "bool": {
        const l = this.eval(e.left);
        const t = this.truthy(l);
        if (e.op === "and") return t ? this.eval(e.right) : l;
        return t ? l : this.eval(e.right);
      }
      case "compare": {
        let left = this.eval(e.operands[0]);
        let result: Value = bool(true);
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.eval(e.operands[i + 1]);
          result = this.compare(e.ops[i], left, right, e.span);
          if (isTensor(result)) {
            if (e.ops.length > 1) throw new Unsupported("chained comparisons of tensors", e.span);
            return result;
          }
          if (!this.truthy(result)) return result;
          left = right;
        }
        return result;
      }
      case "ifexp":
        return this.truthy(this.eval(e.test)) ? this.eval(e.body) : this.eval(e.orelse);
      case "list":
        return { t: "list", items: this.evalItems(e.items) };
      case "tuple":
        return { t: "tuple", items: this.evalItems(e.items) };
      case "dict":
        return { t: "dict", keys: e.keys.map((k) => this.eval(k)), values: e.values.map((v) => this.eval(v)) };
      case "starred":
        throw new PyError("SyntaxError", "can't use starred expression here", e.span);
      case "unsupported":
        throw new Unsupported(e.what, e.span);
    }
  }

  private evalItems(items: Expr[]): Value[] {
    const out: Value[] = [];
    for (const it of items) {
      if (it.k === "starred") out.push(...this.iterate(this.eval(it.value), it.span));
      else out.push(this.eval(it));
    }
    return out;
  }

  private fstring(parts: FPart[]): string {
    let s = "";
    for (const p of parts) {
      if (typeof p === "string") {
        s += p;
        continue;
      }
      const v = this.eval(p.expr);
      const spec = p.spec ? this.fstring(p.spec) : "";
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

  // ------------------------------------------------------------ attributes and calls

  attr(obj: Value, name: string, span: Span): Value {
    if (isTensor(obj)) {
      const v = tensorAttr(obj, name, this);
      if (v) return v;
      throw new Unsupported(`${obj.numpy ? "ndarray" : "Tensor"}.${name}`, span);
    }
    switch (obj.t) {
      case "module": {
        const v = moduleAttr(obj.name, name, this);
        if (v) return v;
        if (obj.name === "torch" && name === "no_grad") return { t: "opaque", what: "torch.no_grad" };
        throw new Unsupported(`${obj.name}.${name}`, span);
      }
      case "opaque":
        if (obj.what === "torch.no_grad") break;
        return { t: "opaque", what: `${obj.what}.${name}` };
      case "str":
        return this.strMethod(obj.v, name, span);
      case "list":
        if (name === "append") return this.fn("append", (a) => (obj.items.push(a.pos[0]), NONE));
        break;
      case "tuple":
        if (obj.size && name === "numel") return this.fn("numel", () => int(obj.items.reduce((p, v) => p * toNumber(v), 1)));
        break;
      case "npscalar":
        if (name === "item") return this.fn("item", () => (obj.dtype === "int64" ? int(obj.v) : obj.dtype === "bool" ? bool(obj.v !== 0) : float(obj.v)));
        if (name === "dtype") return str(obj.dtype);
        break;
      case "criterion":
        if (name in obj.options) {
          const o = obj.options[name];
          if (o === null) return NONE;
          if (typeof o === "number") return Number.isInteger(o) && obj.record.params.find((p) => p.name === name)?.kind === "int" ? int(o) : float(o);
          if (typeof o === "boolean") return bool(o);
          if (typeof o === "string") return str(o);
        }
        if (name === "forward") return this.fn("forward", (a) => callModule(obj, a, this));
        break;
      case "layer":
        if (name === "dim") return obj.dim === null ? NONE : int(obj.dim);
        if (name === "forward") return this.fn("forward", (a) => callModule(obj, a, this));
        break;
      case "dict":
        if (name === "items") return this.fn("items", () => ({ t: "list", items: obj.keys.map((k, i) => ({ t: "tuple", items: [k, obj.values[i]] })) }));
        if (name === "keys") return this.fn("keys", () => ({ t: "list", items: obj.keys.slice() }));
        if (name === "values") return this.fn("values", () => ({ t: "list", items: obj.values.slice() }));
        break;
    }
    throw new PyError("AttributeError", `'${typeName(obj)}' object has no attribute '${name}'`, span);
  }

  private fn(name: string, fn: Fn): Value {
    return { t: "builtin", name, fn };
  }

  private callExpr(e: Extract<Expr, { k: "call" }>): Value {
    const f = this.eval(e.func);
    const args: Args = { pos: [], kw: new Map(), span: e.span, posSpans: [], kwSpans: new Map() };
    for (const a of e.args) {
      if (a.star === "*") {
        for (const v of this.iterate(this.eval(a.value), a.value.span)) {
          args.pos.push(v);
          args.posSpans.push(a.value.span);
        }
      } else if (a.star === "**") {
        const d = this.eval(a.value);
        if (isTensor(d) || d.t !== "dict") throw new PyError("TypeError", `argument after ** must be a mapping, not ${typeName(d)}`, a.value.span);
        d.keys.forEach((k, i) => {
          if (isTensor(k) || k.t !== "str") throw new PyError("TypeError", "keywords must be strings", a.value.span);
          args.kw.set(k.v, d.values[i]);
          args.kwSpans.set(k.v, a.value.span);
        });
      } else if (a.name) {
        if (args.kw.has(a.name)) throw new PyError("SyntaxError", `keyword argument repeated: ${a.name}`, a.value.span);
        args.kw.set(a.name, this.eval(a.value));
        args.kwSpans.set(a.name, a.value.span);
      } else {
        args.pos.push(this.eval(a.value));
        args.posSpans.push(a.value.span);
      }
    }
    return this.call(f, args);
  }

  call(f: Value, args: Args): Value {
    if (isTensor(f)) throw new PyError("TypeError", "'Tensor' object is not callable", args.span);
    switch (f.t) {
      case "builtin":
        return f.fn(args);
      case "criterion":
      case "layer":
        return callModule(f, args, this);
      case "function":
        return this.callUser(f, args);
      case "opaque":
        if (f.what === "torch.no_grad") return { t: "opaque", what: "torch.no_grad" };
        throw new Unsupported(`${f.what}()`, args.span);
      case "dtype":
        if (f.np) {
          const v = args.pos[0] ?? int(0);
          if (isTensor(v) || v.t === "list" || v.t === "tuple") {
            const t = T.cast(isTensor(v) ? v : this.ndarrayOf(v), f.dtype);
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

  private ndarrayOf(v: Value): PTensor {
    const t = T.fromArray("float64", [listItems(v).length], listItems(v).map((x) => toNumber(x)));
    return t;
  }

  private callUser(f: Extract<Value, { t: "function" }>, args: Args): Value {
    if (this.callDepth >= MAX_CALL_DEPTH) throw new PyError("RecursionError", "maximum recursion depth exceeded", args.span);
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
    const saved = this.locals;
    this.locals = scope;
    this.callDepth++;
    try {
      this.execBlock(f.body);
      return NONE;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.locals = saved;
      this.callDepth--;
    }
  }

  // ------------------------------------------------------------ indexing

  private toIndexInt(v: Value, span: Span): number {
    if (!isTensor(v) && (v.t === "int" || v.t === "bool")) return toNumber(v);
    if (!isTensor(v) && v.t === "npscalar" && v.dtype === "int64") return v.v;
    if (isTensor(v) && v.dtype === "int64" && v.ndim === 0) return v.data[0];
    throw new PyError("TypeError", "slice indices must be integers or None or have an __index__ method", span);
  }

  private indexItems(idx: Value): T.IndexItem[] {
    const items = !isTensor(idx) && idx.t === "tuple" ? idx.items : [idx];
    return items.map((v): T.IndexItem => {
      if (isTensor(v)) {
        if (v.ndim === 0 && v.dtype === "int64") return { k: "int", v: v.data[0] };
        if (v.isFloat) throw new PyError("IndexError", "tensors used as indices must be long, int, byte or bool tensors");
        return { k: "tensor", t: v };
      }
      switch (v.t) {
        case "int":
          return { k: "int", v: v.v };
        case "bool":
          return { k: "tensor", t: T.fromArray("bool", [1], [v.v ? 1 : 0]) };
        case "npscalar":
          if (v.dtype === "int64") return { k: "int", v: v.v };
          break;
        case "slice":
          return { k: "slice", start: v.start, stop: v.stop, step: v.step };
        case "none":
          return { k: "none" };
        case "ellipsis":
          return { k: "ellipsis" };
        case "list":
        case "numlist": {
          const t = T.fromArray("int64", [listItems(v).length], listItems(v).map((x) => toNumber(x)));
          return { k: "tensor", t };
        }
      }
      throw new PyError("IndexError", "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got " + typeName(v) + ")");
    });
  }

  private listIndex(len: number, idx: Value): number {
    const i = this.toIndexInt(idx, { line: 0, column: 0, endLine: 0, endColumn: 0 });
    const j = i < 0 ? i + len : i;
    if (j < 0 || j >= len) throw new PyError("IndexError", "list index out of range");
    return j;
  }

  private index(obj: Value, idx: Value, span: Span): Value {
    if (isTensor(obj)) {
      const r = T.getIndex(obj, this.indexItems(idx));
      if (obj.numpy && r.ndim === 0) return { t: "npscalar", dtype: r.dtype, v: r.data[0] };
      return r;
    }
    switch (obj.t) {
      case "list":
      case "tuple":
      case "numlist":
      case "str": {
        const items: Value[] = obj.t === "str" ? [...obj.v].map(str) : listItems(obj);
        if (!isTensor(idx) && idx.t === "slice") {
          const st = idx.step ?? 1;
          const len = items.length;
          const norm = (v: number | null, d: number) => (v === null ? d : v < 0 ? Math.max(v + len, st < 0 ? -1 : 0) : Math.min(v, st < 0 ? len - 1 : len));
          const a = norm(idx.start, st < 0 ? len - 1 : 0);
          const b = norm(idx.stop, st < 0 ? -1 : len);
          const picked: Value[] = [];
          for (let i = a; st > 0 ? i < b : i > b; i += st) picked.push(items[i]);
          if (obj.t === "str") return str(picked.map((p) => (p as { v: string }).v).join(""));
          return obj.t === "tuple" ? { t: "tuple", items: picked, size: obj.size } : { t: "list", items: picked };
        }
        const i = this.toIndexInt(idx, span);
        const j = i < 0 ? i + items.length : i;
        if (j < 0 || j >= items.length) throw new PyError("IndexError", `${obj.t === "numlist" ? "list" : obj.t === "tuple" ? "tuple" : obj.t === "str" ? "string" : "list"} index out of range`, span);
        return items[j];
      }
      case "dict": {
        const at = obj.keys.findIndex((k) => this.equals(k, idx));
        if (at < 0) throw new PyError("KeyError", repr(idx), span);
        return obj.values[at];
      }
    }
    throw new PyError("TypeError", `'${typeName(obj)}' object is not subscriptable`, span);
  }

  iterate(v: Value, span: Span): Value[] {
    if (isTensor(v)) {
      if (v.ndim === 0) throw new PyError("TypeError", "iteration over a 0-d tensor", span);
      return Array.from({ length: v.shape[0] }, (_, i) => this.index(v, int(i), span));
    }
    switch (v.t) {
      case "list":
      case "tuple":
      case "numlist":
        return listItems(v);
      case "str":
        return [...v.v].map(str);
      case "dict":
        return v.keys.slice();
      case "range": {
        const n = Math.max(0, Math.ceil((v.stop - v.start) / v.step));
        if (n > this.opts.maxSteps) throw new LimitError(`range of ${n} items exceeds the step limit (maxSteps)`, span);
        return Array.from({ length: n }, (_, i) => int(v.start + i * v.step));
      }
    }
    throw new PyError("TypeError", `'${typeName(v)}' object is not iterable`, span);
  }

  // ------------------------------------------------------------ operators

  truthy(v: Value): boolean {
    if (isTensor(v)) {
      if (v.numel === 0) throw new PyError("RuntimeError", "Boolean value of Tensor with no values is ambiguous");
      if (v.numel > 1) {
        throw new PyError(v.numpy ? "ValueError" : "RuntimeError", v.numpy ? "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()" : "Boolean value of Tensor with more than one value is ambiguous");
      }
      return v.data[0] !== 0;
    }
    switch (v.t) {
      case "none":
        return false;
      case "bool":
        return v.v;
      case "int":
      case "float":
      case "npscalar":
        return v.v !== 0;
      case "str":
        return v.v.length > 0;
      case "list":
      case "tuple":
        return v.items.length > 0;
      case "numlist":
        return v.shape[0] > 0;
      case "dict":
        return v.keys.length > 0;
      case "range":
        return Math.ceil((v.stop - v.start) / v.step) > 0;
      case "unavailable":
        throw new Skip(v.name, v.line);
      default:
        return true;
    }
  }

  private equals(a: Value, b: Value): boolean {
    const r = this.compare("==", a, b, { line: 0, column: 0, endLine: 0, endColumn: 0 });
    return !isTensor(r) && r.t === "bool" && r.v;
  }

  private compare(op: string, a: Value, b: Value, span: Span): Value {
    if (op === "is" || op === "is not") {
      const same = a === b || (!isTensor(a) && !isTensor(b) && a.t === "none" && b.t === "none") || (!isTensor(a) && !isTensor(b) && a.t === "bool" && b.t === "bool" && a.v === b.v);
      return bool(op === "is" ? same : !same);
    }
    if (op === "in" || op === "not in") {
      let found: boolean;
      if (!isTensor(b) && b.t === "str" && !isTensor(a) && a.t === "str") found = b.v.includes(a.v);
      else if (!isTensor(b) && b.t === "dict") found = b.keys.some((k) => this.equals(k, a));
      else found = this.iterate(b, span).some((x) => this.equals(x, a));
      return bool(op === "in" ? found : !found);
    }
    if (isTensor(a) || isTensor(b)) {
      return T.binary(op, operand(a, "compare"), operand(b, "compare"));
    }
    if (isNumber(a) && isNumber(b)) {
      const x = toNumber(a);
      const y = toNumber(b);
      const r = { "==": x === y, "!=": x !== y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y }[op];
      return bool(!!r);
    }
    if (a.t === "str" && b.t === "str") {
      const r = { "==": a.v === b.v, "!=": a.v !== b.v, "<": a.v < b.v, "<=": a.v <= b.v, ">": a.v > b.v, ">=": a.v >= b.v }[op];
      return bool(!!r);
    }
    if (op === "==" || op === "!=") {
      let eq: boolean;
      if ((a.t === "list" || a.t === "tuple") && (b.t === "list" || b.t === "tuple")) {
        eq = a.t === b.t && a.items.length === b.items.length && a.items.every((x, i) => this.equals(x, b.items[i]));
      } else if (a.t === "dtype" && b.t === "dtype") eq = a.dtype === b.dtype;
      else eq = a === b || (a.t === "none" && b.t === "none");
      return bool(op === "==" ? eq : !eq);
    }
    throw new PyError("TypeError", `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`, span);
  }

  binop(op: string, a: Value, b: Value, span: Span): Value {
    // A list literal read by the fast path is a plain list to Python.
    if (!isTensor(a) && a.t === "numlist" && (op === "*" || op === "+")) {
      if (op === "*" && !isTensor(b) && (b.t === "int" || b.t === "bool") && a.data.length * toNumber(b) > 10_000_000) {
        throw new PyError("LimitError", "a list of more than 10,000,000 items exceeds the evaluator's limit", span, true);
      }
      a = { t: "list", items: listItems(a) };
    }
    if (!isTensor(b) && b.t === "numlist" && (op === "*" || op === "+")) b = { t: "list", items: listItems(b) };
    if (op === "@") {
      if (isTensor(a) && isTensor(b)) return T.matmul(a, b);
      throw new PyError("TypeError", `unsupported operand type(s) for @: '${typeName(a)}' and '${typeName(b)}'`, span);
    }
    if (isTensor(a) || isTensor(b)) {
      if (["&", "|", "^", "<<", ">>"].includes(op)) throw new Unsupported(`the ${op} operator on tensors`, span);
      const x = isTensor(a) ? a : scalarOf(a);
      const y = isTensor(b) ? b : scalarOf(b);
      if (!x || !y) throw new PyError("TypeError", `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`, span);
      return T.binary(op, x, y);
    }
    if (a.t === "npscalar" || b.t === "npscalar") return this.npScalarOp(op, a, b, span);
    if (isNumber(a) && isNumber(b)) return this.numberOp(op, a, b, span);
    if (a.t === "str") {
      if (op === "+" && b.t === "str") return str(a.v + b.v);
      if (op === "*" && (b.t === "int" || b.t === "bool")) return str(a.v.repeat(Math.max(0, toNumber(b))));
      if (op === "%") return str(this.percentFormat(a.v, b));
    }
    if ((a.t === "list" || a.t === "tuple" || a.t === "numlist") && op === "+" && (b.t === a.t || (a.t !== "tuple" && (b.t === "list" || b.t === "numlist")))) {
      const items = [...listItems(a), ...listItems(b)];
      return a.t === "tuple" ? { t: "tuple", items } : { t: "list", items };
    }
    if ((a.t === "list" || a.t === "tuple") && op === "*" && (b.t === "int" || b.t === "bool")) {
      const n = Math.max(0, toNumber(b));
      if (n * a.items.length > 10_000_000) throw new PyError("LimitError", "a list of more than 10,000,000 items exceeds the evaluator's limit", span, true);
      const items: Value[] = [];
      for (let i = 0; i < n; i++) items.push(...a.items);
      return { t: a.t, items };
    }
    const sym = op;
    throw new PyError("TypeError", `unsupported operand type(s) for ${sym}: '${typeName(a)}' and '${typeName(b)}'`, span);
  }

  private numberOp(op: string, a: Value, b: Value, span: Span): Value {
    const x = toNumber(a);
    const y = toNumber(b);
    const isInt = !isTensor(a) && !isTensor(b) && a.t !== "float" && b.t !== "float";
    switch (op) {
      case "+":
        return isInt ? int(x + y) : float(x + y);
      case "-":
        return isInt ? int(x - y) : float(x - y);
      case "*":
        return isInt ? int(x * y) : float(x * y);
      case "/":
        if (y === 0) throw new PyError("ZeroDivisionError", isInt ? "division by zero" : "float division by zero", span);
        return float(x / y);
      case "//":
        if (y === 0) throw new PyError("ZeroDivisionError", isInt ? "integer division or modulo by zero" : "float floor division by zero", span);
        return isInt ? int(Math.floor(x / y)) : float(Math.floor(x / y));
      case "%": {
        if (y === 0) throw new PyError("ZeroDivisionError", isInt ? "integer division or modulo by zero" : "float modulo", span);
        const r = x % y;
        const m = r !== 0 && r < 0 !== y < 0 ? r + y : r;
        return isInt ? int(m) : float(m);
      }
      case "**":
        if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power", span);
        return isInt && y >= 0 ? int(Math.pow(x, y)) : float(Math.pow(x, y));
      case "&":
      case "|":
      case "^":
      case "<<":
      case ">>":
        if (!isInt) throw new PyError("TypeError", `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`, span);
        return int(op === "&" ? x & y : op === "|" ? x | y : op === "^" ? x ^ y : op === "<<" ? x * 2 ** y : Math.floor(x / 2 ** y));
    }
    throw new PyError("TypeError", `unsupported operand type(s) for ${op}`, span);
  }

  /** numpy scalars: computed in double, float32 kept when both sides allow it (numpy 1.24's scalar rules). */
  private npScalarOp(op: string, a: Value, b: Value, span: Span): Value {
    const r = this.numberOp(op, isTensor(a) || a.t !== "npscalar" ? a : a.dtype === "int64" ? int(a.v) : float(a.v), isTensor(b) || b.t !== "npscalar" ? b : b.dtype === "int64" ? int(b.v) : float(b.v), span);
    const dts = [a, b].map((v) => (!isTensor(v) && v.t === "npscalar" ? v.dtype : !isTensor(v) && v.t === "float" ? "float64" : "int"));
    let dtype: T.TDtype;
    if (dts.includes("float64")) dtype = "float64";
    else if (dts.includes("float32")) dtype = "float32";
    else dtype = !isTensor(r) && r.t === "float" ? "float64" : "int64";
    const v = toNumber(r);
    return { t: "npscalar", dtype, v: dtype === "float32" ? Math.fround(v) : v };
  }

  private unaryop(op: string, v: Value, span: Span): Value {
    if (op === "not") return bool(!this.truthy(v));
    if (isTensor(v)) {
      if (op === "-") return T.neg(v);
      if (op === "+") return v;
      if (op === "~" && v.dtype === "bool") return T.binary("==", v, { value: 0, kind: "bool" });
      throw new Unsupported(`the ${op} operator on tensors`, span);
    }
    if (v.t === "npscalar") return { ...v, v: op === "-" ? -v.v : v.v };
    if (isNumber(v)) {
      const x = toNumber(v);
      const isInt = v.t !== "float";
      if (op === "-") return isInt ? int(-x) : float(-x);
      if (op === "+") return isInt ? int(x) : float(x);
      if (op === "~" && isInt) return int(-x - 1);
    }
    throw new PyError("TypeError", `bad operand type for unary ${op}: '${typeName(v)}'`, span);
  }

  // ------------------------------------------------------------ strings

  private strMethod(s: string, name: string, span: Span): Value {
    const M: Record<string, Fn> = {
      format: (a) => str(this.strFormat(s, a)),
      join: (a) => str(this.iterate(a.pos[0] ?? NONE, span).map((v) => {
        if (isTensor(v) || v.t !== "str") throw new PyError("TypeError", `sequence item 0: expected str instance, ${typeName(v)} found`, span);
        return v.v;
      }).join(s)),
      upper: () => str(s.toUpperCase()),
      lower: () => str(s.toLowerCase()),
      strip: () => str(s.trim()),
      replace: (a) => str(s.split(toStr(a.pos[0])).join(toStr(a.pos[1]))),
      split: (a) => ({ t: "list", items: (a.pos.length ? s.split(toStr(a.pos[0])) : s.trim().split(/\s+/)).map(str) }),
      startswith: (a) => bool(s.startsWith(toStr(a.pos[0]))),
      endswith: (a) => bool(s.endsWith(toStr(a.pos[0]))),
    };
    if (M[name]) return this.fn(name, M[name]);
    throw new PyError("AttributeError", `'str' object has no attribute '${name}'`, span);
  }

  /** str.format: {} / {0} / {name} fields with !r/!s and format specs (nested fields in specs included). */
  private strFormat(fmt: string, a: Args): string {
    let out = "";
    let auto = 0;
    const field = (name: string): Value => {
      if (name === "") {
        if (auto >= a.pos.length) throw new PyError("IndexError", `Replacement index ${auto} out of range for positional args tuple`);
        return a.pos[auto++];
      }
      const m = /^([A-Za-z_]\w*|\d+)(.*)$/.exec(name);
      if (!m) throw new PyError("ValueError", `Invalid format field '${name}'`);
      let v: Value;
      if (/^\d+$/.test(m[1])) {
        const i = Number(m[1]);
        if (i >= a.pos.length) throw new PyError("IndexError", `Replacement index ${i} out of range for positional args tuple`);
        v = a.pos[i];
      } else {
        if (!a.kw.has(m[1])) throw new PyError("KeyError", `'${m[1]}'`);
        v = a.kw.get(m[1])!;
      }
      let rest = m[2];
      while (rest) {
        const at = /^\.(\w+)/.exec(rest);
        const ix = /^\[([^\]]+)\]/.exec(rest);
        if (at) {
          v = this.attr(v, at[1], a.span);
          rest = rest.slice(at[0].length);
        } else if (ix) {
          v = this.index(v, /^\d+$/.test(ix[1]) ? int(Number(ix[1])) : str(ix[1]), a.span);
          rest = rest.slice(ix[0].length);
        } else throw new PyError("ValueError", `Invalid format field '${name}'`);
      }
      return v;
    };
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === "{" && fmt[i + 1] === "{") {
        out += "{";
        i++;
      } else if (c === "}" && fmt[i + 1] === "}") {
        out += "}";
        i++;
      } else if (c === "}") throw new PyError("ValueError", "Single '}' encountered in format string");
      else if (c === "{") {
        let depth = 1;
        let j = i + 1;
        for (; j < fmt.length && depth > 0; j++) {
          if (fmt[j] === "{") depth++;
          else if (fmt[j] === "}") depth--;
        }
        if (depth > 0) throw new PyError("ValueError", "Single '{' encountered in format string");
        const body = fmt.slice(i + 1, j - 1);
        const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(body);
        if (!m) throw new PyError("ValueError", "expected ':' after conversion specifier");
        const v = field(m[1]);
        const spec = m[3] ? this.strFormat(m[3], { ...a, pos: a.pos }) : "";
        if (m[2] === "r" || m[2] === "a") out += formatValue(str(repr(v)), spec);
        else if (m[2] === "s") out += formatValue(str(toStr(v)), spec);
        else out += formatValue(v, spec);
        i = j - 1;
      } else out += c;
    }
    return out;
  }

  /** printf-style "%.4f" % x. */
  private percentFormat(fmt: string, arg: Value): string {
    const args = !isTensor(arg) && arg.t === "tuple" ? arg.items : [arg];
    let k = 0;
    const out = fmt.replace(/%([-+ #0]*)(\d+)?(?:\.(\d+))?([sdifeEgGrx%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, type: string) => {
      if (type === "%") return "%";
      if (k >= args.length) throw new PyError("TypeError", "not enough arguments for format string");
      const v = args[k++];
      const align = flags.includes("-") ? "<" : "";
      const spec = `${align}${flags.includes("+") ? "+" : ""}${flags.includes("0") && !align ? "0" : ""}${width ?? ""}${prec !== undefined ? "." + prec : ""}`;
      if (type === "s") return formatValue(str(toStr(v)), align + (width ?? ""));
      if (type === "r") return formatValue(str(repr(v)), align + (width ?? ""));
      const n = toNumber(v);
      if (type === "d" || type === "i") return formatValue(int(Math.trunc(n)), spec);
      if (type === "x") return formatValue(int(Math.trunc(n)), spec + "x");
      return formatValue(float(n), spec + (type === "f" && prec === undefined ? ".6f" : type));
    });
    if (k < args.length) throw new PyError("TypeError", "not all arguments converted during string formatting");
    return out;
  }

  // ------------------------------------------------------------ builtins

  private makeBuiltins(): Map<string, Value> {
    const b = new Map<string, Value>();
    const def = (name: string, fn: Fn) => b.set(name, { t: "builtin", name, fn });
    def("print", (a) => {
      const sepV = a.kw.get("sep");
      const endV = a.kw.get("end");
      const sep = sepV && !isTensor(sepV) && sepV.t === "str" ? sepV.v : " ";
      const end = endV && !isTensor(endV) && endV.t === "str" ? endV.v : "\n";
      this.out.push(a.pos.map(toStr).join(sep) + end);
      return NONE;
    });
    def("len", (a) => {
      const v = a.pos[0] ?? NONE;
      if (isTensor(v)) {
        if (v.ndim === 0) throw new PyError("TypeError", "len() of a 0-d tensor");
        return int(v.shape[0]);
      }
      if (v.t === "str") return int([...v.v].length);
      if (v.t === "dict") return int(v.keys.length);
      if (v.t === "numlist") return int(v.shape[0]);
      if (v.t === "list" || v.t === "tuple") return int(v.items.length);
      if (v.t === "range") return int(Math.max(0, Math.ceil((v.stop - v.start) / v.step)));
      throw new PyError("TypeError", `object of type '${typeName(v)}' has no len()`);
    });
    def("range", (a) => {
      const n = a.pos.map((v) => {
        if (isTensor(v) ? v.dtype !== "int64" : v.t === "float") throw new PyError("TypeError", "'float' object cannot be interpreted as an integer");
        return toNumber(v);
      });
      if (n.length === 1) return { t: "range", start: 0, stop: n[0], step: 1 };
      if (n[2] === 0) throw new PyError("ValueError", "range() arg 3 must not be zero");
      return { t: "range", start: n[0], stop: n[1], step: n[2] ?? 1 };
    });
    def("float", (a) => {
      const v = a.pos[0];
      if (!v) return float(0);
      if (!isTensor(v) && v.t === "str") {
        const s = v.v.trim().toLowerCase();
        const m: Record<string, number> = { nan: NaN, "+nan": NaN, "-nan": NaN, inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "-infinity": -Infinity };
        if (s in m) return float(m[s]);
        const n = Number(s.replace(/_/g, ""));
        if (s === "" || Number.isNaN(n)) throw new PyError("ValueError", `could not convert string to float: ${repr(v)}`);
        return float(n);
      }
      return float(toNumber(v, "float() argument"));
    });
    def("int", (a) => {
      const v = a.pos[0];
      if (!v) return int(0);
      if (!isTensor(v) && v.t === "str") {
        const n = Number(v.v.trim());
        if (!Number.isInteger(n)) throw new PyError("ValueError", `invalid literal for int() with base 10: ${repr(v)}`);
        return int(n);
      }
      const n = toNumber(v, "int() argument");
      if (!Number.isFinite(n)) throw new PyError(Number.isNaN(n) ? "ValueError" : "OverflowError", Number.isNaN(n) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
      return int(Math.trunc(n));
    });
    def("bool", (a) => bool(a.pos.length ? this.truthy(a.pos[0]) : false));
    def("str", (a) => str(a.pos.length ? toStr(a.pos[0]) : ""));
    def("repr", (a) => str(repr(a.pos[0] ?? NONE)));
    def("format", (a) => str(formatValue(a.pos[0] ?? NONE, a.pos[1] && !isTensor(a.pos[1]) && a.pos[1].t === "str" ? a.pos[1].v : "")));
    def("abs", (a) => {
      const v = a.pos[0] ?? NONE;
      if (isTensor(v)) return T.unary("abs", v);
      if (v.t === "npscalar") return { ...v, v: Math.abs(v.v) };
      const n = toNumber(v, "bad operand type for abs()");
      return v.t === "float" ? float(Math.abs(n)) : int(Math.abs(n));
    });
    const extreme = (which: "max" | "min") => (a: Args): Value => {
      const items = a.pos.length === 1 ? this.iterate(a.pos[0], a.span) : a.pos;
      if (!items.length) throw new PyError("ValueError", `${which}() arg is an empty sequence`);
      let best = items[0];
      for (const v of items.slice(1)) {
        const gt = this.truthy(this.compare(which === "max" ? ">" : "<", v, best, a.span));
        if (gt) best = v;
      }
      return best;
    };
    def("max", extreme("max"));
    def("min", extreme("min"));
    def("sum", (a) => {
      let acc: Value = a.pos[1] ?? int(0);
      for (const v of this.iterate(a.pos[0] ?? NONE, a.span)) acc = this.binop("+", acc, v, a.span);
      return acc;
    });
    def("round", (a) => {
      const v = a.pos[0] ?? NONE;
      const nd = a.pos[1] ?? a.kw.get("ndigits");
      if (isTensor(v)) return T.unary("round", v);
      const x = toNumber(v);
      if (!nd || (!isTensor(nd) && nd.t === "none")) {
        const r = Math.round(x);
        return int(Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
      }
      const n = toNumber(nd);
      if (v.t === "int") return v;
      return float(n >= 0 ? Number(formatFixed(x, n)) : Math.round(x / 10 ** -n) * 10 ** -n);
    });
    def("list", (a) => ({ t: "list", items: a.pos.length ? this.iterate(a.pos[0], a.span).slice() : [] }));
    def("tuple", (a) => ({ t: "tuple", items: a.pos.length ? this.iterate(a.pos[0], a.span).slice() : [] }));
    def("dict", (a) => ({ t: "dict", keys: [...a.kw.keys()].map(str), values: [...a.kw.values()] }));
    def("enumerate", (a) => ({ t: "list", items: this.iterate(a.pos[0] ?? NONE, a.span).map((v, i) => ({ t: "tuple", items: [int(i + (a.pos[1] ? toNumber(a.pos[1]) : 0)), v] })) }));
    def("zip", (a) => {
      const lists = a.pos.map((v) => this.iterate(v, a.span));
      const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
      return { t: "list", items: Array.from({ length: n }, (_, i) => ({ t: "tuple", items: lists.map((l) => l[i]) })) };
    });
    def("isinstance", () => {
      throw new Unsupported("isinstance()");
    });
    def("type", (a) => str(`<class '${typeName(a.pos[0] ?? NONE)}'>`));
    return b;
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
