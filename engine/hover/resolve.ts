// What the word under the cursor is, as far as losses go: a loss class or functional (under any import
// alias), a keyword argument of a loss call, or a criterion variable being called. Pure: text in, target out.
import { catalog, getByFunctional, getLoss, getParam } from "../catalog";
import type { LossRecord, ParamSpec } from "../catalog/types";
import { bindingAt, type Analysis } from "./analyze";
import { enclosingOpen, parseCall, type Arg, type Call } from "./call";
import { inSpan, spanAt } from "./lexer";
import { ownLossClass, type OwnTarget } from "./own";

export type Form = "class" | "functional";

interface Base {
  record: LossRecord;
  form: Form;
  /** The hovered word's offsets. */
  start: number;
  end: number;
}

/** `nn.MSELoss`, `F.mse_loss`, `CE` (imported alias): the loss itself, with its call when one follows. */
export interface LossTarget extends Base {
  kind: "loss";
  /** The name as written, e.g. "torch.nn.functional.mse_loss". */
  written: string;
  call?: Call;
}

/** A keyword argument inside a loss call (`reduction=` in `nn.KLDivLoss(reduction="mean")`). */
export interface KeywordTarget extends Base {
  kind: "keyword";
  keyword: string;
  /** Undefined when the loss has no such parameter. */
  param?: ParamSpec;
  arg: Arg;
  call: Call;
}

/** `loss_fn(x, y)` where `loss_fn = nn.X(...)`: which loss, configured how. */
export interface CriterionTarget extends Base {
  kind: "criterion";
  variable: string;
  /** The constructor call that made it, and where. */
  construction: Call;
  definedAt: number;
  /** The criterion's own call (its inputs). */
  call: Call;
}

export type HoverTarget = LossTarget | KeywordTarget | CriterionTarget | OwnTarget;

function isIdent(ch: string | undefined): boolean {
  return ch !== undefined && /[\w\u00c0-\uffff]/.test(ch);
}

/** Resolves a dotted name written at `offset` to a loss, if it is one. */
export function resolveName(analysis: Analysis, dotted: string, offset: number, depth = 0): { record: LossRecord; form: Form } | undefined {
  const parts = dotted.split(".");
  const binding = bindingAt(analysis, parts[0], offset);
  if (!binding) return undefined;
  let base = binding.target;
  if (base === null && binding.rhs !== undefined && depth < 3) {
    // `CE = nn.CrossEntropyLoss` (an alias, not a call) keeps the loss's meaning.
    const m = /^([A-Za-z_][\w.]*)[ \t]*(?:#.*)?(?:\n|$)/.exec(analysis.text.slice(binding.rhs, binding.rhs + 200));
    if (m) {
      const aliased = resolveName(analysis, m[1], binding.offset, depth + 1);
      if (aliased && parts.length === 1) return aliased;
    }
    return undefined;
  }
  if (base === null) return undefined;
  if (base === "torch.nn.modules.loss") base = "torch.nn";
  const full = [base, ...parts.slice(1)].join(".").replace(/^torch\.nn\.modules(\.loss)?\./, "torch.nn.");
  let m = /^torch\.nn\.functional\.(\w+)$/.exec(full);
  if (m) {
    const record = getByFunctional(m[1]);
    return record ? { record, form: "functional" } : undefined;
  }
  m = /^torch\.nn\.(\w+)$/.exec(full);
  if (m) {
    const record = getLoss(m[1]);
    return record ? { record, form: "class" } : undefined;
  }
  return undefined;
}

/** The dotted chain ending at the word under the cursor, e.g. "torch.nn.MSELoss" over "MSELoss". */
function chainAt(text: string, offset: number): { chain: string; start: number; end: number; chainStart: number } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && isIdent(text[start - 1])) start--;
  while (end < text.length && isIdent(text[end])) end++;
  if (start === end || /\d/.test(text[start])) return undefined;
  let chainStart = start;
  while (chainStart > 1 && text[chainStart - 1] === "." && isIdent(text[chainStart - 2])) {
    let s = chainStart - 1;
    while (s > 0 && isIdent(text[s - 1])) s--;
    chainStart = s;
  }
  // `foo().nn.MSELoss` or `x[0].F` is an attribute of some value, not an import.
  const before = text[chainStart - 1];
  if (before === "." || before === ")" || before === "]") return undefined;
  return { chain: text.slice(chainStart, end), start, end, chainStart };
}

function nextNonSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

/** The loss a call's callee names (a class or functional), or the criterion variable it calls. */
function calleeAt(analysis: Analysis, open: number): { record: LossRecord; form: Form } | undefined {
  const text = analysis.text;
  let e = open;
  while (e > 0 && (text[e - 1] === " " || text[e - 1] === "\t")) e--;
  const c = chainAt(text, e - 1 < 0 ? 0 : e - 1);
  if (!c || c.end !== e) return undefined;
  return resolveName(analysis, c.chain, c.chainStart);
}

/** The hover target at `offset`, or undefined when the word there is not about a torch loss. */
export function resolveAt(analysis: Analysis, offset: number): HoverTarget | undefined {
  const { text, spans } = analysis;
  if (offset < 0 || offset > text.length || inSpan(spans, offset)) return undefined;
  // The cursor may sit just after the word (VS Code passes the character's position).
  let at = offset;
  if (!isIdent(text[at]) && isIdent(text[at - 1])) at--;
  const c = chainAt(text, at);
  if (!c) return undefined;
  const after = nextNonSpace(text, c.end);
  const hasCall = text[after] === "(";

  // A keyword argument: a bare name followed by "=" (not "==") inside a call to a loss.
  if (c.chainStart === c.start && text[after] === "=" && text[after + 1] !== "=") {
    // A keyword argument always follows "(" or "," (across blanks and comments): anything else is an
    // assignment, and the backward search for a bracket is skipped.
    let p = c.start - 1;
    for (; p >= 0; p--) {
      if (/\s/.test(text[p])) continue;
      const s = spanAt(spans, p);
      if (s >= 0 && text[spans.starts[s]] === "#") {
        p = spans.starts[s];
        continue;
      }
      break;
    }
    if (text[p] !== "(" && text[p] !== ",") return undefined;
    const open = enclosingOpen(text, spans, c.start);
    if (open < 0) return undefined;
    const callee = calleeAt(analysis, open);
    if (!callee) return undefined;
    const call = parseCall(text, spans, open);
    const arg = call.args.find((a) => a.name === c.chain && a.start <= c.start && c.start < a.end);
    if (!arg) return undefined;
    return {
      kind: "keyword",
      ...callee,
      start: c.start,
      end: c.end,
      keyword: c.chain,
      param: getParam(callee.record, c.chain, callee.form),
      arg,
      call,
    };
  }

  const resolved = resolveName(analysis, c.chain, c.chainStart);
  if (resolved) {
    const target: LossTarget = { kind: "loss", ...resolved, start: c.start, end: c.end, written: c.chain };
    if (hasCall) target.call = parseCall(text, spans, after);
    return target;
  }

  if (!hasCall) return undefined;
  // The user's own loss class at its instantiation: FocalLoss(gamma=2), or FocalLoss(gamma=2)(x, y).
  const own = ownLossClass(analysis, c.chain, c.chainStart);
  if (own) {
    if (c.start < own.headerEnd && c.start >= own.definedAt) return undefined; // its own `class` line
    const construction = parseCall(text, spans, after);
    const next = nextNonSpace(text, construction.close + 1);
    const target: OwnTarget = { kind: "own", own, start: c.start, end: c.end, construction, constructedAt: c.chainStart };
    if (text[next] === "(") target.call = parseCall(text, spans, next);
    return target;
  }
  // A criterion variable's call: loss_fn(x, y) with loss_fn = nn.X(...) earlier (or self.criterion = ...),
  // or with loss_fn = FocalLoss(...), the user's own loss class.
  {
    const binding = bindingAt(analysis, c.chain, c.chainStart);
    if (!binding || binding.rhs === undefined) return undefined;
    const m = /^([A-Za-z_][\w.]*)[ \t]*\(/.exec(text.slice(binding.rhs, binding.rhs + 300));
    if (!m) return undefined;
    const made = resolveName(analysis, m[1], binding.rhs);
    if (!made) {
      const cls = ownLossClass(analysis, m[1], binding.rhs, c.chain);
      if (!cls) return undefined;
      return {
        kind: "own",
        own: cls,
        start: c.start,
        end: c.end,
        variable: c.chain,
        construction: parseCall(text, spans, binding.rhs + m[0].length - 1),
        constructedAt: binding.offset,
        call: parseCall(text, spans, after),
      };
    }
    if (made.form !== "class") return undefined;
    const construction = parseCall(text, spans, binding.rhs + m[0].length - 1);
    return {
      kind: "criterion",
      ...made,
      start: c.start,
      end: c.end,
      variable: c.chain,
      construction,
      definedAt: binding.offset,
      call: parseCall(text, spans, after),
    };
  }
}

const lossNames = new Set(catalog.flatMap((r) => (r.functional ? [r.className, r.functional] : [r.className])));
const paramNames = new Set(catalog.flatMap((r) => r.params.map((p) => p.name)));

/**
 * A cheap first look at the word under the cursor, from its line alone: false when no loss hover can
 * appear there, so the document need not be analysed (the costly part right after an edit).
 * `before` is the text before this line's first non-blank character on earlier lines, trimmed (for a
 * keyword argument that starts a continuation line); pass "" when unknown.
 */
export function mightHover(line: string, column: number, before = ""): boolean {
  let at = column;
  if (!isIdent(line[at]) && isIdent(line[at - 1])) at--;
  if (!isIdent(line[at])) return false;
  let start = at;
  let end = at;
  while (start > 0 && isIdent(line[start - 1])) start--;
  while (end < line.length && isIdent(line[end])) end++;
  const word = line.slice(start, end);
  if (lossNames.has(word) || /\bimport\b/.test(line)) return true; // import lines bind aliases (`as Huber`)
  let next = end;
  while (line[next] === " " || line[next] === "\t") next++;
  if (line[next] === "(") return true; // an alias or a criterion being called
  if (line[next] === "=" && line[next + 1] !== "=") {
    if (paramNames.has(word)) return true;
    // An unknown keyword (a typo) inside a call: the previous token opens or continues an argument list.
    let prev = start - 1;
    while (prev >= 0 && (line[prev] === " " || line[prev] === "\t")) prev--;
    const p = prev >= 0 ? line[prev] : before.slice(-1);
    return p === "(" || p === ",";
  }
  return false;
}
