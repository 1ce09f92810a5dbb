// What the compute command reads in a document: its statements (a notebook's cells in order), which of them
// call a loss, and which earlier assignments a statement depends on. Pure: works on text, no vscode.
import { getByFunctional, getLoss } from "../catalog";
import type { Expr, Stmt } from "../python/ast";
import type { Span } from "../python/errors";
import { lossLike } from "../python/ownname";
import { parse } from "../python/parser";
import { definitionUses, namesIn, walk } from "./names";

/** A top-level statement (or one inside `if` blocks, the notes' `if flag:` pattern), with its cell. */
export interface Statement {
  cell: number;
  stmt: Stmt;
  span: Span;
  /** Names it binds or mutates (x = ..., x[0] = ..., x.requires_grad_(), import torch). */
  defines: Set<string>;
  /** Names it reads. */
  uses: Set<string>;
  /** Binds every name in `defines` afresh (plain assignment / import), so earlier bindings stop mattering. */
  rebinds: boolean;
  /** The torch.nn class of the loss it computes, when it calls one. */
  loss: string | null;
  /** The torch.nn class it constructs into a variable (criterion = nn.X(...)), when it does. */
  constructs: string | null;
  /** The user's own loss it computes (`loss = criterion(x, y)` with criterion = FocalLoss(), `loss = focal(x, y)`):
   * their class or function name. The evaluator decides by the value (a tensor with a grad_fn); this is the
   * static view the CodeLens and the cursor need. */
  own: string | null;
}

/** What the statements so far bound: criterion variables of torch's losses, and the user's classes and defs. */
export interface Known {
  /** variable -> torch.nn class (criterion = nn.X(...)). */
  criteria: Map<string, string>;
  /** The user's classes and functions by name. */
  classes: Set<string>;
  functions: Set<string>;
  /** variable -> user class it holds (criterion = FocalLoss(gamma=2)). */
  instances: Map<string, string>;
}

export function newKnown(criteria: Iterable<[string, string]> = []): Known {
  return { criteria: new Map(criteria), classes: new Set(), functions: new Set(), instances: new Map() };
}

/**
 * Parses every cell (a file is one cell) and lists its statements in order. With a deadline (performance.now()),
 * throws TooSlow once parsing passes it: the CodeLens declines rather than hold the editor.
 */
export function readStatements(cells: string[], options: { known?: Known; deadline?: number } = {}): Statement[] {
  const known = options.known ?? newKnown();
  const deadline = options.deadline;
  const out: Statement[] = [];
  cells.forEach((src, cell) => {
    const body = parse(src, { deadline }).body;
    const visit = (stmts: Stmt[]) => {
      for (const s of stmts) {
        if (s.k === "if") {
          visit(s.body);
          visit(s.orelse);
          continue;
        }
        out.push(describe(s, cell, known));
      }
    };
    visit(body);
  });
  return out;
}

/** The last identifier of a callee: `nn.MSELoss` -> "MSELoss", `F.mse_loss` -> "mse_loss". */
function calleeName(e: Expr): string | null {
  if (e.k === "name") return e.id;
  if (e.k === "attr") return e.name;
  return null;
}

/** torch.nn class name constructed by this call, if it is a loss constructor. */
function constructed(e: Expr): string | null {
  if (e.k !== "call") return null;
  const name = calleeName(e.func);
  return name && name.endsWith("Loss") || name === "NLLLoss2d" ? (getLoss(name as string) ? (name as string) : null) : null;
}

/** The loss computed by a call expression, if any: F.x_loss(...), criterion(...), nn.X(...)(...). */
function lossOfCall(e: Expr, criteria: Map<string, string>): string | null {
  if (e.k !== "call") return null;
  const inner = constructed(e.func);
  if (inner) return inner;
  if (e.func.k === "name" && criteria.has(e.func.id)) return criteria.get(e.func.id) as string;
  const name = calleeName(e.func);
  const rec = name ? getByFunctional(name) : undefined;
  return rec ? rec.className : null;
}

/** The variable a target binds or mutates: x, x[0], x.data -> "x"; tuples give several. */
function targetNames(t: Expr, into: Set<string>): boolean {
  if (t.k === "name") {
    into.add(t.id);
    return true;
  }
  if (t.k === "tuple" || t.k === "list") return t.items.every((i) => targetNames(i, into));
  if (t.k === "starred") return targetNames(t.value, into);
  let root: Expr = t;
  while (root.k === "attr" || root.k === "index") root = root.obj;
  if (root.k === "name") into.add(root.id);
  return false;
}

/**
 * The user's loss an assignment computes: `T = f(...)` calling their def, an instance of their class, or
 * `UserClass(...)(...)`, when a name involved reads as a loss (the evaluator's rule, ownloss.ts).
 */
function ownLossOf(target: string | null, value: Expr, known: Known): string | null {
  if (target === null || value.k !== "call") return null;
  const f = value.func;
  let name: string | null = null;
  let variable = "";
  if (f.k === "name" && known.functions.has(f.id)) name = f.id;
  else if (f.k === "name" && known.instances.has(f.id)) [name, variable] = [known.instances.get(f.id) as string, f.id];
  else if (f.k === "call" && f.func.k === "name" && known.classes.has(f.func.id)) name = f.func.id;
  return name && [target, name, variable].some(lossLike) ? name : null;
}

/** Forgets what a rebound name meant (a criterion, an instance, a class or def of the user). */
function forget(known: Known, name: string): void {
  known.criteria.delete(name);
  known.instances.delete(name);
  known.classes.delete(name);
  known.functions.delete(name);
}

function findLoss(e: Expr | null, criteria: Map<string, string>): string | null {
  let found: string | null = null;
  walk(e, (x) => {
    found ??= lossOfCall(x, criteria);
  });
  return found;
}

function describe(s: Stmt, cell: number, known: Known): Statement {
  const criteria = known.criteria;
  const defines = new Set<string>();
  const uses = new Set<string>();
  let rebinds = false;
  let loss: string | null = null;
  let constructs: string | null = null;
  let own: string | null = null;
  switch (s.k) {
    case "assign": {
      namesIn(s.value, uses);
      rebinds = s.targets.every((t) => targetNames(t, defines));
      for (const t of s.targets) if (t.k !== "name") namesIn(t, uses);
      constructs = constructed(s.value);
      const single = s.targets.length === 1 && s.targets[0].k === "name" ? s.targets[0].id : null;
      own = ownLossOf(single, s.value, known);
      loss = own ? null : findLoss(s.value, criteria);
      if (single) {
        forget(known, single);
        if (constructs) criteria.set(single, constructs);
        else if (s.value.k === "call" && s.value.func.k === "name" && known.classes.has(s.value.func.id)) known.instances.set(single, s.value.func.id);
      }
      break;
    }
    case "augassign":
      namesIn(s.value, uses);
      namesIn(s.target, uses);
      targetNames(s.target, defines);
      loss = findLoss(s.value, criteria);
      break;
    case "annassign":
      if (s.value) namesIn(s.value, uses);
      rebinds = targetNames(s.target, defines);
      loss = findLoss(s.value, criteria);
      break;
    case "import":
      for (const n of s.names) defines.add(n.alias ?? n.module.split(".")[0]);
      rebinds = true;
      break;
    case "from":
      for (const n of s.names) defines.add(n.alias ?? n.name);
      rebinds = true;
      break;
    case "expr": {
      namesIn(s.value, uses);
      // x.requires_grad_(), torch.manual_seed(0): a method call on a variable may change it.
      if (s.value.k === "call" && s.value.func.k === "attr") {
        let root: Expr = s.value.func.obj;
        while (root.k === "attr" || root.k === "index" || root.k === "call") root = root.k === "call" ? root.func : root.obj;
        if (root.k === "name") defines.add(root.id);
      }
      loss = findLoss(s.value, criteria);
      break;
    }
    case "def":
    case "class":
      defines.add(s.name);
      for (const u of definitionUses(s)) uses.add(u);
      rebinds = true;
      forget(known, s.name);
      // Any class may be an nn.Module subclass (its base can come from anywhere): the evaluator checks.
      if (s.k === "def") known.functions.add(s.name);
      else known.classes.add(s.name);
      break;
    case "for":
    case "while":
    case "with":
    case "try":
    case "if":
      // A block (an `if` nested in one included): what its body binds may change a name the loss reads, so it
      // defines every name bound inside and uses every name read inside; never a fresh binding (it may not run).
      blockEffects(s, cell, known, defines, uses);
      break;
    default:
      break;
  }
  return { cell, stmt: s, span: fullSpan(s), defines, uses, rebinds, loss, constructs, own };
}

/** The names a block statement binds and reads: its header's, and each statement's of its body, nested blocks too. */
function blockEffects(s: Stmt, cell: number, known: Known, defines: Set<string>, uses: Set<string>): void {
  const body = (stmts: Stmt[]) => {
    for (const child of stmts) {
      const d = describe(child, cell, known);
      d.defines.forEach((n) => defines.add(n));
      d.uses.forEach((n) => uses.add(n));
    }
  };
  switch (s.k) {
    case "for":
      namesIn(s.iter, uses);
      targetNames(s.target, defines);
      body(s.body);
      break;
    case "while":
      namesIn(s.test, uses);
      body(s.body);
      break;
    case "if":
      namesIn(s.test, uses);
      body(s.body);
      body(s.orelse);
      break;
    case "with":
      for (const item of s.items) {
        namesIn(item.expr, uses);
        if (item.alias) targetNames(item.alias, defines);
      }
      body(s.body);
      break;
    case "try":
      body(s.body);
      for (const h of s.handlers) {
        namesIn(h.type, uses);
        if (h.name) defines.add(h.name);
        body(h.body);
      }
      body(s.orelse);
      body(s.finalbody);
      break;
    default:
      break;
  }
}

/** A statement's whole extent: a def, class or loop with its body (the parser spans their header), decorators included. */
function fullSpan(s: Stmt): Span {
  const blocks: Stmt[][] =
    s.k === "def" || s.k === "class" || s.k === "for" || s.k === "while" || s.k === "with"
      ? [s.body]
      : s.k === "try"
        ? [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.finalbody]
        : s.k === "if"
          ? [s.body, s.orelse]
          : [];
  let span = s.span;
  for (const b of blocks) {
    const last = b[b.length - 1];
    if (!last) continue;
    const end = fullSpan(last);
    if (end.endLine > span.endLine || (end.endLine === span.endLine && end.endColumn > span.endColumn)) {
      span = { ...span, endLine: end.endLine, endColumn: end.endColumn };
    }
  }
  if ((s.k === "def" || s.k === "class") && s.decorators.length) {
    const d = s.decorators[0].span;
    span = { ...span, line: d.line, column: Math.max(1, d.column - 1) }; // from the "@"
  }
  return span;
}

/**
 * The statements among `before` that `needed` names depend on, in order (a backward slice): the last plain
 * assignment of a name ends the search for it; mutations before it (x[0] = ..., x.requires_grad_()) count.
 */
export function dependencies(before: Statement[], needed: Iterable<string>): Statement[] {
  const want = new Set(needed);
  const picked: Statement[] = [];
  for (let i = before.length - 1; i >= 0 && want.size > 0; i--) {
    const s = before[i];
    let hit = false;
    for (const d of s.defines) if (want.has(d)) hit = true;
    if (!hit) continue;
    picked.push(s);
    if (s.rebinds) for (const d of s.defines) want.delete(d);
    for (const u of s.uses) want.add(u);
  }
  return picked.reverse();
}

/** Whether statement position a comes before (cell, 1-based line) b. */
export function isBefore(s: Statement, cell: number, line: number): boolean {
  return s.cell < cell || (s.cell === cell && s.span.endLine < line);
}

/** The loss statement (torch's loss or the user's own) whose lines hold the (cell, 0-based) cursor line. */
export function lossStatementAt(stmts: Statement[], cell: number, line: number): Statement | null {
  return stmts.find((s) => (s.loss || s.own) && s.cell === cell && s.span.line - 1 <= line && line <= s.span.endLine - 1) ?? null;
}

/** Names a piece of code reads before binding them itself (what it needs from the code around it). */
export function freeNames(stmts: Statement[]): Set<string> {
  const free = new Set<string>();
  const bound = new Set<string>();
  for (const s of stmts) {
    for (const u of s.uses) if (!bound.has(u)) free.add(u);
    if (s.rebinds) for (const d of s.defines) bound.add(d);
    else for (const d of s.defines) if (!bound.has(d)) free.add(d);
  }
  return free;
}

/** The criterion class the code constructs (the nearest before `line` in `cell`, else the first one). */
export function ownCriterion(stmts: Statement[], cell: number, line: number): string | null {
  let nearest: string | null = null;
  let first: string | null = null;
  for (const s of stmts) {
    const c = s.constructs ?? s.loss;
    if (!c) continue;
    first ??= c;
    if (isBefore(s, cell, line + 1)) nearest = c;
  }
  return nearest ?? first;
}

/** A tensor the user selected on its own: an expression, or a name bound by an assignment in the selection. */
export interface SelectedTensor {
  /** The variable it is bound to, when the selection assigns it or names it. */
  name: string | null;
  expr: Expr;
  /** 1-based span in the selection's text. */
  span: Span;
}

export type SelectionKind =
  | { kind: "snippet"; statements: Statement[] }
  | { kind: "tensors"; statements: Statement[]; tensors: SelectedTensor[] }
  | { kind: "other"; statements: Statement[] };

/** A snippet (it calls a loss), two or more tensors (no loss call), or neither. */
export function classifySelection(text: string, known: Known = newKnown()): SelectionKind {
  const statements: Statement[] = [];
  for (const s of parse(text).body) statements.push(describe(s, 0, known));
  if (statements.some((s) => s.loss || s.own)) return { kind: "snippet", statements };
  const tensors: SelectedTensor[] = [];
  let other = false;
  for (const { stmt } of statements) {
    if (stmt.k === "import" || stmt.k === "from") continue;
    if (stmt.k === "assign" && stmt.targets.length === 1) {
      const t = stmt.targets[0];
      if (t.k === "name") tensors.push({ name: t.id, expr: stmt.value, span: stmt.value.span });
      else if (t.k === "tuple" && stmt.value.k === "tuple" && t.items.length === stmt.value.items.length && t.items.every((i) => i.k === "name")) {
        t.items.forEach((i, k) => {
          const v = (stmt.value as Extract<Expr, { k: "tuple" }>).items[k];
          tensors.push({ name: (i as Extract<Expr, { k: "name" }>).id, expr: v, span: v.span });
        });
      } else other = true;
    } else if (stmt.k === "expr" && stmt.value.k === "call" && stmt.value.func.k === "attr" && stmt.value.func.name.endsWith("_")) {
      continue; // x.requires_grad_(): changes a selected tensor, is not one
    } else if (stmt.k === "expr") {
      const items = stmt.value.k === "tuple" ? stmt.value.items : [stmt.value];
      for (const e of items) tensors.push({ name: e.k === "name" ? e.id : null, expr: e, span: e.span });
    } else other = true;
  }
  if (!other && tensors.length >= 2) return { kind: "tensors", statements, tensors };
  return { kind: "other", statements };
}

/** What statements bound (for recognising `criterion(x, y)` or a user's loss call in a selection). */
export function knownAfter(cells: string[]): { statements: Statement[]; known: Known } {
  const known = newKnown();
  const statements = readStatements(cells, { known });
  return { statements, known };
}
