// The walk: statements in order (a notebook's cells in order), following values through assignments, function
// returns, nn.Sequential contents, `self.X` layers and a module's forward in the same file. Branches are
// walked separately and joined, so a value chosen at run time keeps only what every branch agrees on.
import type { Arg, Expr, Stmt } from "../python/ast";
import { formInputs, getByFunctional, getLoss, inputNames } from "../catalog";
import { applyLayer, canonical, dtypeOf, layerOf, tensorMethod, torchCall } from "./torch";
import { join, tensor, UNKNOWN, type ClassInfo, type FuncInfo, type Scope, type TensorV, type V } from "./values";

type Call = Extract<Expr, { k: "call" }>;

/** What the rules see at a loss: the record, the call, its tensor arguments and options. */
export interface LossSite {
  rec: import("../catalog").LossRecord;
  /** "class": a criterion's call (options from its constructor); "functional": F.x(...). */
  form: "class" | "functional";
  call: Call;
  /** The constructor call (class form), when the file shows it. */
  ctor: Call | null;
  /** Tensor inputs by the catalog's input names, with the argument expression and what it holds. */
  inputs: Map<string, { expr: Expr; v: V }>;
  /** Options (keyword or positional) by parameter name: from the constructor, or the functional call. */
  options: Map<string, Expr>;
}

export interface Hooks {
  /** A loss computed at `site`. */
  loss(site: LossSite): void;
  /** A loss constructor call (class form): what the constructor decides. */
  construct(rec: import("../catalog").LossRecord, call: Call, options: Map<string, Expr>): void;
}

const MAX_DEPTH = 12;
/** Methods only tensors have: called on a value we cannot follow, the result is still a tensor of that kind. */
const TENSOR_METHODS = new Set(["softmax", "log_softmax", "sigmoid", "float", "double", "long"]);

export class Analyzer {
  private readonly funcs: FuncInfo[] = [];
  private readonly seenFuncs = new Set<Stmt>();
  private readonly returnMemo = new Map<FuncInfo, V>();
  private readonly active = new Set<FuncInfo>();
  private report = true;
  private depth = 0;
  readonly module: Scope = { vars: new Map(), parent: null };

  constructor(private readonly hooks: Hooks) {}

  run(body: Stmt[]): void {
    this.exec(body, this.module);
    // Every function and method once more, with the module's final names, reporting what it finds.
    for (let i = 0; i < this.funcs.length; i++) {
      const fn = this.funcs[i];
      this.report = true;
      this.callFunc(fn, true);
    }
  }

  // ---- statements ----

  private exec(body: Stmt[], scope: Scope): void {
    for (const s of body) this.stmt(s, scope);
  }

  private stmt(s: Stmt, scope: Scope): void {
    switch (s.k) {
      case "expr":
        this.eval(s.value, scope);
        return;
      case "assign": {
        const v = this.eval(s.value, scope);
        for (const t of s.targets) this.bind(t, v, scope, s.value);
        return;
      }
      case "annassign":
        if (s.value) this.bind(s.target, this.eval(s.value, scope), scope, s.value);
        return;
      case "augassign":
        this.eval(s.value, scope);
        this.bind(s.target, UNKNOWN, scope, null);
        return;
      case "import":
        for (const n of s.names) {
          const torch = n.module === "torch" || n.module.startsWith("torch.");
          if (n.alias) scope.vars.set(n.alias, torch ? { t: "ref", path: canonical(n.module) } : UNKNOWN);
          else {
            const head = n.module.split(".")[0];
            scope.vars.set(head, head === "torch" ? { t: "ref", path: "torch" } : UNKNOWN);
          }
        }
        return;
      case "from": {
        const torch = s.module === "torch" || s.module.startsWith("torch.");
        for (const n of s.names) {
          if (n.name === "*") continue;
          scope.vars.set(n.alias ?? n.name, torch ? { t: "ref", path: canonical(`${s.module}.${n.name}`) } : UNKNOWN);
        }
        return;
      }
      case "class":
        this.classDef(s, scope);
        return;
      case "try":
        // The body, or a handler after part of it: alternatives, joined; then the finally block.
        this.branches([[...s.body, ...s.orelse], ...s.handlers.map((h) => h.body)], scope, s.handlers.map((h) => h.name));
        this.exec(s.finalbody, scope);
        return;
      case "if":
        this.eval(s.test, scope);
        this.branches([s.body, s.orelse], scope);
        return;
      case "for":
        this.eval(s.iter, scope);
        this.bind(s.target, UNKNOWN, scope, null);
        this.exec(s.body, scope);
        return;
      case "while":
        this.eval(s.test, scope);
        this.exec(s.body, scope);
        return;
      case "with":
        for (const it of s.items) {
          this.eval(it.expr, scope);
          if (it.alias) this.bind(it.alias, UNKNOWN, scope, null);
        }
        this.exec(s.body, scope);
        return;
      case "def": {
        const fn: FuncInfo = { name: s.name, params: s.params, body: s.body, scope, cls: scope.cls && !scope.returns ? scope.cls : undefined, node: s };
        for (const p of s.params) if (p.default) this.eval(p.default, scope);
        scope.vars.set(s.name, { t: "func", fn });
        if (!this.seenFuncs.has(s)) {
          this.seenFuncs.add(s);
          this.funcs.push(fn);
        }
        return;
      }
      case "return":
        if (scope.returns) scope.returns.push(s.value ? this.eval(s.value, scope) : UNKNOWN);
        return;
      default:
        return;
    }
  }

  /** Walks alternative bodies on copies of the scope's names and keeps what they agree on. */
  private branches(bodies: Stmt[][], scope: Scope, handlerNames: (string | null)[] = []): void {
    const before = scope.vars;
    const outs: Map<string, V>[] = [];
    for (const [i, b] of bodies.entries()) {
      scope.vars = new Map(before);
      const caught = i > 0 ? handlerNames[i - 1] : null;
      if (caught) scope.vars.set(caught, UNKNOWN);
      this.exec(b, scope);
      outs.push(scope.vars);
    }
    const merged = new Map(before);
    const names = new Set<string>();
    for (const o of outs) for (const k of o.keys()) names.add(k);
    for (const k of names) {
      let v: V | undefined;
      let first = true;
      for (const o of outs) {
        // A branch that leaves a name unbound (and it was unbound before) does not count against it.
        const ov = o.get(k);
        if (ov === undefined) continue;
        v = first ? ov : join(v, ov);
        first = false;
      }
      if (v) merged.set(k, v);
    }
    scope.vars = merged;
  }

  private classDef(s: Extract<Stmt, { k: "class" }>, scope: Scope): void {
    const bases = s.bases.map((b) => this.eval(b, scope));
    const cls: ClassInfo = { name: s.name, bases, methods: new Map(), attrs: new Map(), attrsBuilt: false };
    const body: Scope = { vars: new Map(), parent: scope, cls };
    this.exec(s.body, body);
    for (const [k, v] of body.vars) {
      if (v.t === "func") cls.methods.set(k, v.fn);
      else cls.attrs.set(k, v);
    }
    scope.vars.set(s.name, { t: "class", cls });
  }

  private bind(target: Expr, v: V, scope: Scope, value: Expr | null): void {
    switch (target.k) {
      case "name":
        scope.vars.set(target.id, v);
        return;
      case "attr":
        if (target.obj.k === "name" && target.obj.id === "self") {
          const self = this.lookup("self", scope);
          if (self.t === "self") self.cls.attrs.set(target.name, v);
        }
        return;
      case "tuple":
      case "list": {
        const items = target.items;
        const star = items.some((i) => i.k === "starred");
        items.forEach((t, i) => {
          const item = !star && v.t === "tuple" && v.items.length === items.length ? v.items[i] : UNKNOWN;
          this.bind(t.k === "starred" ? t.value : t, item, scope, value);
        });
        return;
      }
      default:
        return;
    }
  }

  private lookup(name: string, scope: Scope): V {
    for (let s: Scope | null = scope; s; s = s.parent) {
      // Class bodies are not enclosing scopes for their methods (Python's rule).
      if (s !== scope && s.cls && !s.returns) continue;
      const v = s.vars.get(name);
      if (v) return v;
    }
    return UNKNOWN;
  }

  // ---- functions and classes ----

  /** A function's return value (memoized), or, when `reporting`, a reporting walk of its body. */
  private callFunc(fn: FuncInfo, reporting = false): V {
    if (!reporting) {
      const memo = this.returnMemo.get(fn);
      if (memo) return memo;
    }
    if (this.active.has(fn) || this.depth > MAX_DEPTH) return UNKNOWN;
    const scope: Scope = { vars: new Map(), parent: fn.scope, returns: [] };
    if (fn.cls) scope.cls = fn.cls;
    fn.params.forEach((p, i) => {
      scope.vars.set(p.name, i === 0 && fn.cls ? { t: "self", cls: fn.cls } : UNKNOWN);
    });
    if (fn.cls) this.buildAttrs(fn.cls);
    const saved = this.report;
    this.report = reporting;
    this.active.add(fn);
    this.depth++;
    try {
      this.exec(fn.body, scope);
    } finally {
      this.depth--;
      this.active.delete(fn);
      this.report = saved;
    }
    const rets = scope.returns ?? [];
    let out: V = UNKNOWN;
    rets.forEach((r, i) => (out = i === 0 ? r : join(out, r)));
    if (!reporting) this.returnMemo.set(fn, out);
    return out;
  }

  /** self.X of a class: __init__ first, then what other methods add. */
  private buildAttrs(cls: ClassInfo): void {
    if (cls.attrsBuilt) return;
    cls.attrsBuilt = true;
    const init = this.method(cls, "__init__");
    if (init) this.callFunc(init);
    for (const [name, m] of cls.methods) {
      if (name === "__init__" || name === "forward") continue;
      const before = new Map(cls.attrs);
      this.callFunc(m);
      // Attributes other methods overwrite are no longer certain.
      for (const [k, v] of before) if (cls.attrs.get(k) !== v) cls.attrs.set(k, join(v, cls.attrs.get(k)));
    }
  }

  private method(cls: ClassInfo, name: string): FuncInfo | undefined {
    const m = cls.methods.get(name);
    if (m) return m;
    for (const b of cls.bases) if (b.t === "class") return this.method(b.cls, name);
    return undefined;
  }

  private attr(cls: ClassInfo, name: string): V {
    this.buildAttrs(cls);
    const v = cls.attrs.get(name);
    if (v) return v;
    const m = cls.methods.get(name);
    if (m) return { t: "func", fn: m };
    for (const b of cls.bases) if (b.t === "class") return this.attr(b.cls, name);
    return UNKNOWN;
  }

  /** A module instance called: its forward's return value. */
  private forward(cls: ClassInfo): V {
    const f = this.method(cls, "forward");
    if (!f) return UNKNOWN;
    return this.callFunc(f);
  }

  // ---- expressions ----

  eval(e: Expr, scope: Scope): V {
    switch (e.k) {
      case "name":
        return this.lookup(e.id, scope);
      case "attr": {
        const obj = this.eval(e.obj, scope);
        switch (obj.t) {
          case "ref":
            return { t: "ref", path: canonical(`${obj.path}.${e.name}`) };
          case "self":
            return this.attr(obj.cls, e.name);
          case "unknown":
            // x.softmax(1), y.float(): only tensors have these methods, whatever x is.
            return TENSOR_METHODS.has(e.name) ? { t: "method", obj: tensor("other"), name: e.name } : UNKNOWN;
          case "tensor":
          case "instance":
          case "layer":
          case "seq":
          case "loss":
            return { t: "method", obj, name: e.name };
          default:
            return UNKNOWN;
        }
      }
      case "call":
        return this.call(e, scope);
      case "index": {
        const obj = this.eval(e.obj, scope);
        this.eval(e.index, scope);
        if (obj.t === "tuple" && e.index.k === "num" && e.index.isInt && e.index.value < obj.items.length) return obj.items[e.index.value];
        if (obj.t === "tensor") return { ...obj, shape: undefined, indices: false, range: undefined };
        return UNKNOWN;
      }
      case "tuple":
        return { t: "tuple", items: e.items.map((i) => this.eval(i, scope)) };
      case "list":
      case "dict":
      case "compare":
      case "unary":
      case "bool":
      case "slice":
      case "fstr":
      case "starred":
        this.evalChildren(e, scope);
        return UNKNOWN;
      case "ifexp": {
        this.eval(e.test, scope);
        return join(this.eval(e.body, scope), this.eval(e.orelse, scope));
      }
      case "bin": {
        const l = this.eval(e.left, scope);
        const r = this.eval(e.right, scope);
        if (l.t !== "tensor" && r.t !== "tensor" && !isHandSmoothed(e)) return UNKNOWN;
        const out: TensorV = tensor("other");
        const lf = l.t === "tensor" ? l.dtype : undefined;
        const rf = r.t === "tensor" ? r.dtype : undefined;
        if (lf === "float" || rf === "float" || (e.left.k === "num" && !e.left.isInt) || (e.right.k === "num" && !e.right.isInt) || e.op === "/") out.dtype = "float";
        if (isHandSmoothed(e)) out.smoothed = true;
        return out;
      }
      default:
        return UNKNOWN;
    }
  }

  private evalChildren(e: Expr, scope: Scope): void {
    switch (e.k) {
      case "list":
        e.items.forEach((i) => this.eval(i, scope));
        return;
      case "dict":
        e.values.forEach((i) => this.eval(i, scope));
        return;
      case "compare":
        e.operands.forEach((i) => this.eval(i, scope));
        return;
      case "unary":
        this.eval(e.operand, scope);
        return;
      case "bool":
        this.eval(e.left, scope);
        this.eval(e.right, scope);
        return;
      case "starred":
        this.eval(e.value, scope);
        return;
      case "fstr":
        for (const p of e.parts) if (typeof p !== "string") this.eval(p.expr, scope);
        return;
      default:
        return;
    }
  }

  private call(e: Call, scope: Scope): V {
    const f = this.eval(e.func, scope);
    const vals: V[] = [];
    const kw = new Map<string, V>();
    for (const a of e.args) {
      const v = this.eval(a.value, scope);
      if (a.star) continue;
      if (a.name) kw.set(a.name, v);
      else vals.push(v);
    }
    switch (f.t) {
      case "ref":
        return this.torchRef(f.path, e, vals, kw);
      case "loss":
        this.lossCall(f.rec, "class", e, f.ctor as Call | null, vals, kw);
        return tensor("other", { dtype: "float" });
      case "lossfn":
        this.lossCall(f.rec, "functional", e, null, vals, kw);
        return tensor("other", { dtype: "float" });
      case "layer":
      case "seq":
        return applyLayer(f, vals[0] ?? UNKNOWN, e);
      case "class":
        return { t: "instance", cls: f.cls };
      case "instance":
        return this.forward(f.cls);
      case "alts": {
        let out: V | undefined;
        for (const it of f.items) {
          const r = it.t === "instance" ? this.forward(it.cls) : UNKNOWN;
          out = out ? join(out, r) : r;
        }
        return out ?? UNKNOWN;
      }
      case "self":
        return this.forward(f.cls);
      case "func":
        return this.callFunc(f.fn);
      case "method": {
        const o = f.obj;
        if (o.t === "tensor") return tensorMethod(o, f.name, e.args, vals, e);
        if ((o.t === "instance" || o.t === "self") && f.name === "forward") return this.forward(o.cls);
        if ((o.t === "layer" || o.t === "seq") && f.name === "forward") return applyLayer(o, vals[0] ?? UNKNOWN, e);
        if (o.t === "loss" && f.name === "forward") {
          this.lossCall(o.rec, "class", e, o.ctor as Call | null, vals, kw);
          return tensor("other", { dtype: "float" });
        }
        if ((o.t === "instance" || o.t === "self") && f.name !== "forward") {
          const m = this.method(o.cls, f.name);
          return m ? this.callFunc(m) : UNKNOWN;
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private torchRef(path: string, e: Call, vals: V[], kw: Map<string, V>): V {
    if (path.startsWith("torch.nn.functional.")) {
      const rec = getByFunctional(path.slice("torch.nn.functional.".length));
      if (rec) {
        this.lossCall(rec, "functional", e, null, vals, kw);
        return tensor("other", { dtype: "float" });
      }
    } else if (path.startsWith("torch.nn.") && !path.slice(9).includes(".")) {
      const rec = getLoss(path.slice(9));
      if (rec) {
        const options = optionsOf(rec, "class", e.args, 0);
        if (this.report) this.hooks.construct(rec, e, options);
        return { t: "loss", rec, ctor: e, call: e };
      }
      if (path === "torch.nn.Sequential") {
        const layers = vals.map((v) => (v.t === "layer" || v.t === "seq" ? v : UNKNOWN));
        if (!layers.length || e.args.some((a) => a.star || a.name)) return UNKNOWN;
        // Only the layers after the last one we cannot read matter; before it, nothing is known.
        const last = layers.map((l) => l.t).lastIndexOf("unknown");
        if (last === layers.length - 1) return UNKNOWN;
        return { t: "seq", layers: layers.slice(last + 1) as V[] };
      }
      const layer = layerOf(path, e.args, e);
      if (layer) return layer;
      return UNKNOWN;
    }
    const ctorDtype = dtypeOf({ t: "ref", path });
    if (ctorDtype && /Tensor$/.test(path)) return torchCall(path, e.args, vals, kw, e);
    if (path.startsWith("torch.")) return torchCall(path, e.args, vals, kw, e);
    return UNKNOWN;
  }

  private lossCall(rec: LossSite["rec"], form: LossSite["form"], call: Call, ctor: Call | null, vals: V[], kw: Map<string, V>): void {
    if (!this.report) return;
    const inputs = new Map<string, { expr: Expr; v: V }>();
    const positional = call.args.filter((a) => a.name === null && !a.star);
    const specs = formInputs(rec, form);
    const names = inputNames(rec, form);
    names.forEach((n, i) => {
      const byName = call.args.findIndex((a) => a.name === n);
      if (byName >= 0) inputs.set(specs[i].name, { expr: call.args[byName].value, v: kw.get(n) ?? UNKNOWN });
      else if (i < positional.length) inputs.set(specs[i].name, { expr: positional[i].value, v: vals[i] ?? UNKNOWN });
    });
    if (call.args.some((a) => a.star)) return;
    const options = form === "functional" ? optionsOf(rec, "functional", call.args, specs.length) : ctor ? optionsOf(rec, "class", ctor.args, 0) : new Map<string, Expr>();
    this.hooks.loss({ rec, form, call, ctor, inputs, options });
  }
}

/** Options by parameter name: keywords, and positionals after the tensor inputs in the catalog's order. */
export function optionsOf(rec: LossSite["rec"], form: "class" | "functional", args: Arg[], skip: number): Map<string, Expr> {
  const order = form === "functional" ? rec.functionalParams : rec.params.map((p) => p.name);
  const out = new Map<string, Expr>();
  let i = 0;
  for (const a of args) {
    if (a.star) continue;
    if (a.name) out.set(a.name, a.value);
    else {
      if (i >= skip && order[i - skip]) out.set(order[i - skip], a.value);
      i++;
    }
  }
  return out;
}

/** `y * (1 - eps) + eps / C` (either order), or `scatter_(dim, idx, 1 - eps)`. */
function isHandSmoothed(e: Expr): boolean {
  if (e.k !== "bin" || e.op !== "+") return false;
  const oneMinus = (x: Expr): boolean => x.k === "bin" && x.op === "-" && x.left.k === "num" && x.left.value === 1;
  const scaled = (x: Expr): boolean => x.k === "bin" && x.op === "*" && (oneMinus(x.left) || oneMinus(x.right));
  return scaled(e.left) || scaled(e.right);
}
