// Which user-written losses a Python source defines: a top-level `def` taking two tensors, or a class whose
// `forward` takes two (an nn.Module subclass or a subclass of a built-in loss), with the numeric defaults of
// the function's or the constructor's parameters (the playground's sliders). Pure: text in, descriptions out.
import type { Expr, Param, Stmt } from "../python/ast";
import type { Span } from "../python/errors";
import { parse } from "../python/parser";

/** A numeric parameter with a literal default: `gamma=2`, `eps: float = 1e-3`, `alpha=-1`. */
export interface NumericParam {
  name: string;
  default: number;
  /** The literal was an int (`gamma=2`): integral slider values are passed as Python ints, as PyTorch would see them. */
  isInt: boolean;
}

export interface UserLossDef {
  /** The function's or the class's name. */
  name: string;
  kind: "function" | "class";
  /** 1-based line of `def` / `class`, and the whole definition's range. */
  line: number;
  span: Span;
  /** The two tensor inputs (`pred`, `target`; for a class, forward's after `self`). */
  inputs: [string, string];
  /** The function's (or the constructor's) numeric parameters with defaults. */
  params: NumericParam[];
}

/** `-1`, `1e-3`, `2`: a number literal, possibly negated. */
function literalNumber(e: Expr | null): { v: number; isInt: boolean } | null {
  if (!e) return null;
  if (e.k === "num" && !e.imag) return { v: e.value, isInt: e.isInt };
  if (e.k === "unary" && (e.op === "-" || e.op === "+")) {
    const inner = literalNumber(e.operand);
    return inner && { v: e.op === "-" ? -inner.v : inner.v, isInt: inner.isInt };
  }
  return null;
}

function numericParams(params: Param[]): NumericParam[] {
  const out: NumericParam[] = [];
  for (const p of params) {
    const n = p.star ? null : literalNumber(p.default);
    if (n && Number.isFinite(n.v)) out.push({ name: p.name, default: n.v, isInt: n.isInt });
  }
  return out;
}

/** The first two parameters without a default (the loss's inputs), or null. */
function tensorInputs(params: Param[]): [string, string] | null {
  const plain = params.filter((p) => !p.star && p.default === null);
  return plain.length >= 2 ? [plain[0].name, plain[1].name] : null;
}

function returnsValue(body: Stmt[]): boolean {
  for (const s of body) {
    if (s.k === "return" && s.value) return true;
    if (s.k === "if" && (returnsValue(s.body) || returnsValue(s.orelse))) return true;
    if ((s.k === "for" || s.k === "while" || s.k === "with") && returnsValue(s.body)) return true;
  }
  return false;
}

/** Bases that make a class a loss module: nn.Module, torch.nn.Module, Module, any *Loss (the built-ins, _Loss). */
const LOSS_BASE = /(^|\.)(Module|_?\w*Loss)$/;

/** The last line of the indented block under 1-based line `header` (blank and comment lines inside count). */
function blockEnd(lines: string[], header: number): number {
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const base = indentOf(lines[header - 1] ?? "");
  let end = header;
  for (let i = header; i < lines.length; i++) {
    const l = lines[i];
    if (!l.trim() || l.trim().startsWith("#")) continue;
    if (indentOf(l) <= base) break;
    end = i + 1;
  }
  return end;
}

/** A class statement's text → its name, bases and methods (parsed from its own dedented body). */
function readClass(lines: string[], span: Span): UserLossDef | null {
  const header = /^class\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:/.exec(lines[span.line - 1]?.trim() ?? "");
  if (!header) return null;
  const bases = (header[2] ?? "").split(",").map((b) => b.trim()).filter(Boolean);
  if (!bases.some((b) => LOSS_BASE.test(b))) return null;
  const end = blockEnd(lines, span.line);
  const body = lines.slice(span.line, end);
  const indent = Math.min(...body.filter((l) => l.trim() && !l.trim().startsWith("#")).map((l) => l.length - l.trimStart().length));
  if (!Number.isFinite(indent) || indent === 0) return null;
  const methods = parse(body.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join("\n")).body;
  const method = (name: string) => methods.find((s): s is Extract<Stmt, { k: "def" }> => s.k === "def" && s.name === name);
  const forward = method("forward") ?? method("__call__");
  if (!forward || !returnsValue(forward.body)) return null;
  const inputs = tensorInputs(forward.params.slice(1));
  if (!inputs) return null;
  const init = method("__init__");
  return {
    name: header[1],
    kind: "class",
    line: span.line,
    span: { line: span.line, column: span.column, endLine: end, endColumn: (lines[end - 1]?.length ?? 0) + 1 },
    inputs,
    params: init ? numericParams(init.params.slice(1)) : [],
  };
}

/** The last line a statement list reaches (a def's span covers only its header). */
function lastLine(body: Stmt[], fallback: number): number {
  const s = body[body.length - 1];
  if (!s) return fallback;
  const nested = s.k === "if" ? [...s.body, ...s.orelse] : s.k === "for" || s.k === "while" || s.k === "with" || s.k === "def" ? s.body : [];
  return Math.max(s.span.endLine, lastLine(nested, s.span.endLine));
}

/** Every user loss a source defines at top level, in source order. */
/** With a deadline (performance.now()), throws TooSlow once parsing passes it: a passive feature declines. */
export function findUserLosses(source: string, deadline?: number): UserLossDef[] {
  const lines = source.split(/\r?\n/);
  const out: UserLossDef[] = [];
  for (const s of parse(source, { deadline }).body) {
    if (s.k === "def") {
      const inputs = tensorInputs(s.params);
      if (inputs && returnsValue(s.body)) {
        const endLine = Math.max(lastLine(s.body, s.span.endLine), blockEnd(lines, s.span.line));
        const span = { ...s.span, endLine, endColumn: (lines[endLine - 1]?.length ?? 0) + 1 };
        out.push({ name: s.name, kind: "function", line: s.span.line, span, inputs, params: numericParams(s.params) });
      }
      continue;
    }
    // Classes: today the parser keeps them as an unsupported statement spanning the definition; read the text.
    const k = (s as { k: string }).k;
    if (k === "class" || (s.k === "unsupported" && s.what === "class definitions")) {
      const c = readClass(lines, s.span);
      if (c) out.push(c);
    }
  }
  return out;
}

/** The user loss defined at (or around) a 1-based line, if any. */
export function userLossAt(source: string, line: number): UserLossDef | undefined {
  return findUserLosses(source).find((d) => d.span.line <= line && line <= d.span.endLine);
}
