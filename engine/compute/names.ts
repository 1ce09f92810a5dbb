// The names a piece of Python reads, for the compute planner's backward slice: expressions, and whole
// def / class bodies (a class FocalLoss reads torch, F and its base class; its locals are its own).
import type { Expr, Param, Stmt } from "../python/ast";

/**
 * Calls `visit` on `e` and every expression inside it that runs with it (comprehensions included); a lambda's
 * body runs later, so only `intoLambdas` visits it (for the names it reads, not for the losses it calls).
 */
export function walk(e: Expr | null, visit: (e: Expr) => void, intoLambdas = false): void {
  if (!e) return;
  visit(e);
  const rec = (x: Expr | null) => walk(x, visit, intoLambdas);
  switch (e.k) {
    case "attr":
      return rec(e.obj);
    case "call":
      rec(e.func);
      for (const a of e.args) rec(a.value);
      return;
    case "index":
      rec(e.obj);
      return rec(e.index);
    case "slice":
      rec(e.lower);
      rec(e.upper);
      return rec(e.step);
    case "bin":
    case "bool":
      rec(e.left);
      return rec(e.right);
    case "unary":
      return rec(e.operand);
    case "compare":
      return e.operands.forEach((o) => rec(o));
    case "ifexp":
      rec(e.test);
      rec(e.body);
      return rec(e.orelse);
    case "list":
    case "tuple":
    case "set":
      return e.items.forEach((i) => rec(i));
    case "dict":
      e.keys.forEach((k) => rec(k));
      return e.values.forEach((v) => rec(v));
    case "starred":
      return rec(e.value);
    case "fstr":
      for (const p of e.parts) if (typeof p !== "string") rec(p.expr);
      return;
    case "lambda":
      e.params.forEach((p) => rec(p.default));
      if (intoLambdas) rec(e.body);
      return;
    case "comp":
      rec(e.elt);
      rec(e.value);
      for (const g of e.generators) {
        rec(g.target);
        rec(g.iter);
        g.ifs.forEach((i) => rec(i));
      }
      return;
    default:
      return;
  }
}

export function namesIn(e: Expr | null, into: Set<string>): void {
  walk(
    e,
    (x) => {
      if (x.k === "name") into.add(x.id);
    },
    true,
  );
}

/** Names bound by an assignment target (x, (a, b), *rest); x[0] and x.attr bind nothing new. */
function boundBy(t: Expr, into: Set<string>): void {
  if (t.k === "name") into.add(t.id);
  else if (t.k === "tuple" || t.k === "list") t.items.forEach((i) => boundBy(i, into));
  else if (t.k === "starred") boundBy(t.value, into);
}

function paramNames(params: Param[], reads: Set<string>, binds: Set<string>): void {
  for (const p of params) {
    binds.add(p.name);
    namesIn(p.default, reads);
  }
}

/** Every name the statements read and bind, nested blocks included (one flat scope: a safe over-approximation). */
function scan(stmts: Stmt[], reads: Set<string>, binds: Set<string>): void {
  for (const s of stmts) {
    switch (s.k) {
      case "expr":
        namesIn(s.value, reads);
        break;
      case "assign":
        namesIn(s.value, reads);
        for (const t of s.targets) {
          boundBy(t, binds);
          if (t.k !== "name") namesIn(t, reads);
        }
        break;
      case "augassign":
        namesIn(s.value, reads);
        namesIn(s.target, reads);
        break;
      case "annassign":
        namesIn(s.value, reads);
        boundBy(s.target, binds);
        break;
      case "import":
        for (const n of s.names) binds.add(n.alias ?? n.module.split(".")[0]);
        break;
      case "from":
        for (const n of s.names) binds.add(n.alias ?? n.name);
        break;
      case "if":
      case "while":
        namesIn(s.test, reads);
        scan(s.body, reads, binds);
        if (s.k === "if") scan(s.orelse, reads, binds);
        break;
      case "for":
        namesIn(s.iter, reads);
        boundBy(s.target, binds);
        scan(s.body, reads, binds);
        break;
      case "with":
        for (const i of s.items) {
          namesIn(i.expr, reads);
          if (i.alias) boundBy(i.alias, binds);
        }
        scan(s.body, reads, binds);
        break;
      case "def":
        binds.add(s.name);
        s.decorators.forEach((d) => namesIn(d, reads));
        paramNames(s.params, reads, binds);
        scan(s.body, reads, binds);
        break;
      case "class":
        binds.add(s.name);
        s.decorators.forEach((d) => namesIn(d, reads));
        s.bases.forEach((b) => namesIn(b, reads));
        scan(s.body, reads, binds);
        break;
      case "try":
        scan(s.body, reads, binds);
        for (const h of s.handlers) {
          namesIn(h.type, reads);
          if (h.name) binds.add(h.name);
          scan(h.body, reads, binds);
        }
        scan(s.orelse, reads, binds);
        scan(s.finalbody, reads, binds);
        break;
      case "raise":
        namesIn(s.exc, reads);
        namesIn(s.cause, reads);
        break;
      case "assert":
        namesIn(s.test, reads);
        namesIn(s.msg, reads);
        break;
      case "return":
        namesIn(s.value, reads);
        break;
      case "del":
        s.targets.forEach((t) => namesIn(t, reads));
        break;
      default:
        break;
    }
  }
}

/**
 * The names a def or class statement needs from around it: what its decorators, bases, defaults and body read,
 * less what the body binds itself (parameters, locals, methods). `self.x` reads `self`, a parameter.
 */
export function definitionUses(s: Extract<Stmt, { k: "def" } | { k: "class" }>): Set<string> {
  const reads = new Set<string>();
  const binds = new Set<string>();
  scan([s], reads, binds);
  // Its own name may be read inside (super(FocalLoss, self), recursion): that is itself, not an earlier binding.
  for (const b of binds) reads.delete(b);
  return reads;
}
