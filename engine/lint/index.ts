// Loss doctor: the loss mistakes PyTorch is silent about, found in whole files and notebooks.
//   lintSource(text)            a .py file's text
//   lintNotebook(json)          a .ipynb's JSON (code cells in order; findings carry their cell)
// Pure: no vscode, no file system. The CLI (`loss-lens check`) and the extension are thin callers.
import type { PyTorchVersion } from "../api/versions";
import type { Span } from "../python/errors";
import { parse } from "../python/parser";
import { Analyzer } from "./analyze";
import { checkConstructor, checkLoss, DEFAULT_SEVERITY, RULES, type Finding, type Refactor, type Rule, type Severity, type SourceText } from "./rules";
import { joinCells, lineStarts, notebookCells, prepare, type CellRange } from "./source";

export { RULES, DEFAULT_SEVERITY };
export type { Finding, Rule, Severity, Fix, Edit, Refactor } from "./rules";

export interface LintOptions {
  /** Per-rule severity, or "off". Unlisted rules keep their default. */
  severity?: Partial<Record<Rule, Severity | "off">>;
  /** Files longer than this (characters) are not analysed: bounded time in the editor. */
  maxChars?: number;
  /** The PyTorch the code runs on (default: the newest supported): rules whose facts differ between versions. */
  pytorch?: PyTorchVersion;
}

export interface NotebookFinding extends Finding {
  /** Index of the cell in the notebook's `cells`; lines and columns are relative to that cell. */
  cell: number;
}

const IGNORE = /#\s*loss-lens:\s*ignore(?:\[([\w\s,-]+)\])?/;
/** Lines blanked after a syntax error before the parse is given up on: a few rounds cover real files. */
const MAX_REPAIR_ROUNDS = 4;

export interface Analysis<F extends Finding = Finding> {
  findings: F[];
  /** Safe rewrites that fix no mistake (the editor offers them as refactorings). */
  refactors: (Refactor & { cell?: number })[];
}

export function lintSource(text: string, options: LintOptions = {}): Finding[] {
  return lintPrepared(text, undefined, options).findings;
}

/** lintSource, plus the refactors. */
export function analyzeSource(text: string, options: LintOptions = {}): Analysis {
  return lintPrepared(text, undefined, options);
}

export function lintNotebook(json: string, options: LintOptions = {}): NotebookFinding[] | null {
  const cells = notebookCells(json);
  if (!cells) return null;
  return lintCells(cells, options);
}

/** Cells given directly (the editor has them as documents): findings carry their cell index. */
export function lintCells(cells: { index: number; source: string }[], options: LintOptions = {}): NotebookFinding[] {
  return analyzeCells(cells, options).findings;
}

/** lintCells, plus the refactors (each with its cell). */
export function analyzeCells(cells: { index: number; source: string }[], options: LintOptions = {}): Analysis<NotebookFinding> {
  const joined = joinCells(cells);
  const result = lintPrepared(joined.text, joined.cells, options);
  const place = <T extends Span & { fix?: import("./rules").Fix }>(f: T): (T & { cell: number }) | null => {
    const cell = joined.cells.find((c) => f.line >= c.startLine && f.line < c.startLine + c.lineCount);
    if (!cell || f.endLine >= cell.startLine + cell.lineCount) return null;
    const shift = (s: Span) => ({ ...s, line: s.line - cell.startLine + 1, endLine: s.endLine - cell.startLine + 1 });
    const fix = f.fix && f.fix.edits.every((e) => e.line >= cell.startLine && e.endLine < cell.startLine + cell.lineCount)
      ? { title: f.fix.title, edits: f.fix.edits.map((e) => ({ ...shift(e), newText: e.newText })) }
      : undefined;
    return { ...f, ...shift(f), fix, cell: cell.index };
  };
  return {
    findings: result.findings.map(place).filter((f): f is NotebookFinding => f !== null),
    refactors: result.refactors.map(place).filter((r): r is Refactor & { cell: number } => r !== null && r.fix !== undefined),
  };
}

function lintPrepared(rawText: string, cells: CellRange[] | undefined, options: LintOptions): Analysis {
  const text = rawText.replace(/\r\n?/g, "\n");
  const none: Analysis = { findings: [], refactors: [] };
  if (options.maxChars !== undefined && text.length > options.maxChars) return none;
  // A cheap gate: without a loss name in the file there is nothing to find.
  if (!/Loss|loss\(|cross_entropy|nll_loss|kl_div|binary_cross_entropy|mse_loss|l1_loss|huber_loss/.test(text)) return none;
  const src = prepare(text, cells);
  let parseText = src.parseText;
  let r = parse(parseText);
  for (let round = 0; round < MAX_REPAIR_ROUNDS && r.errors.length; round++) {
    // "expected an indented block after 'if' statement on line 7": the header is what to drop.
    const lines = r.errors.map((e) => Number(/on line (\d+)$/.exec(e.message)?.[1] ?? e.span?.line ?? 0)).filter((l) => l > 0);
    const repaired = blankErrorLines(parseText, lines);
    if (repaired === parseText) break;
    parseText = repaired;
    r = parse(parseText);
  }
  const body = r.body;
  const lines = text.split("\n");
  const starts = lineStarts(text);
  const reader = sourceReader(text, starts);
  const out = new Map<string, Finding>();
  const severities = options.severity ?? {};
  const emit = (f: Omit<Finding, "severity">) => {
    const sev = severities[f.rule] ?? DEFAULT_SEVERITY[f.rule];
    if (sev === "off" || ignored(lines[f.line - 1], f.rule)) return;
    const key = `${f.rule}:${f.line}:${f.column}:${f.endLine}:${f.endColumn}`;
    if (!out.has(key)) out.set(key, { ...f, severity: sev });
  };
  const refactors: Refactor[] = [];
  const analyzer = new Analyzer({
    loss: (site) =>
      checkLoss(
        site,
        reader,
        emit,
        (r) => {
          if (!refactors.some((x) => x.line === r.line && x.column === r.column)) refactors.push(r);
        },
        options.pytorch,
      ),
    construct: (rec, call, opts) => checkConstructor(rec, call, opts, reader, emit),
  });
  analyzer.run(body);
  const findings = [...out.values()].sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { findings, refactors };
}

function ignored(line: string | undefined, rule: Rule): boolean {
  if (!line || !line.includes("loss-lens")) return false;
  const m = IGNORE.exec(line);
  if (!m) return false;
  if (!m[1]) return true;
  return m[1].split(",").map((s) => s.trim()).includes(rule);
}

function sourceReader(text: string, starts: number[]): SourceText {
  const offset = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  return {
    slice: (s) => text.slice(offset(s.line, s.column), offset(s.endLine, s.endColumn)),
    keywordSpan: (value, name) => {
      const at = offset(value.line, value.column);
      const before = text.slice(Math.max(0, at - name.length - 40), at);
      const m = new RegExp(`\\b${name}\\s*=\\s*$`).exec(before);
      if (!m) return null;
      const start = at - (before.length - m.index);
      const lineIdx = upperBound(starts, start) - 1;
      return { line: lineIdx + 1, column: start - starts[lineIdx] + 1, endLine: value.endLine, endColumn: value.endColumn };
    },
  };
}

function upperBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Syntax outside the parser's subset (`{**a}`, walrus in odd places, Python 2) makes it skip the whole enclosing
 * top-level statement. Replacing the offending logical line with `pass` keeps the rest of a class or function.
 */
function blankErrorLines(text: string, errorLines: number[]): string {
  const lines = text.split("\n");
  const depth = bracketDepths(lines);
  let changed = false;
  for (const l of new Set(errorLines)) {
    let s = l - 1;
    if (s < 0 || s >= lines.length) continue;
    while (s > 0 && depth[s] > 0) s--;
    let e = l - 1;
    while (e + 1 < lines.length && depth[e + 1] > 0) e++;
    const indent = /^[ \t]*/.exec(lines[s])?.[0] ?? "";
    const replacement = lines[s].trim() === "" ? lines[s] : `${indent}pass`;
    if (lines[s] !== replacement) changed = true;
    lines[s] = replacement;
    for (let i = s + 1; i <= e; i++) {
      if (lines[i] !== "") changed = true;
      lines[i] = "";
    }
  }
  return changed ? lines.join("\n") : text;
}

/** Bracket depth at the start of each line (strings on one line skipped; good enough to find a statement). */
function bracketDepths(lines: string[]): number[] {
  const out: number[] = [];
  let d = 0;
  let triple = "";
  for (const line of lines) {
    out.push(triple ? 1 : d);
    let quote = "";
    for (let i = 0; i < line.length; i++) {
      if (triple) {
        if (line.startsWith(triple, i)) {
          triple = "";
          i += 2;
        }
        continue;
      }
      const c = line[i];
      if (quote) {
        if (c === "\\") i++;
        else if (c === quote) quote = "";
        continue;
      }
      if ((c === "'" || c === '"') && line.startsWith(c.repeat(3), i)) {
        triple = c.repeat(3);
        i += 2;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "#") break;
      else if (c === "(" || c === "[" || c === "{") d++;
      else if (c === ")" || c === "]" || c === "}") d = Math.max(0, d - 1);
    }
  }
  return out;
}
