// The user's own loss class, as the hover sees it: `criterion(x, y)` where `criterion = FocalLoss(gamma=2)`,
// or `FocalLoss(gamma=2)` itself, with `class FocalLoss(nn.Module):` in the same source. Read lexically
// from the class's block (its header, `__init__` and `forward` signatures, docstring), like the rest of the
// hover: no parse of the whole file. A class counts as a loss when it has a `forward` and its name, the
// variable holding it or a base reads as a loss (a `class Net(nn.Module)` model gets no hover).
import { lossLike } from "../python/ownname";
import { bindingAt, type Analysis } from "./analyze";
import { parseCall, type Call } from "./call";
import { inSpan, spanAt } from "./lexer";

export interface OwnClass {
  name: string;
  /** Where `class` starts, and where the header's ":" ends it. */
  definedAt: number;
  headerEnd: number;
  /** The bases as written (`nn.Module`). */
  bases: string[];
  /** Parameters as written, `self` left out; null when the class defines no such method. */
  init: string[] | null;
  forward: string[] | null;
  /** The class's docstring, else forward's; cleaned as inspect.cleandoc does. */
  doc: string | null;
}

/** The hover on a user's loss class: its instantiation, or a call of an instance of it. */
export interface OwnTarget {
  kind: "own";
  own: OwnClass;
  start: number;
  end: number;
  /** The criterion variable called (`criterion` in `criterion(x, y)`). */
  variable?: string;
  /** The constructor call (`FocalLoss(gamma=2)`), and where it is. */
  construction?: Call;
  constructedAt?: number;
  /** The loss call itself, which Compute can run: `criterion(x, y)` or `FocalLoss()(x, y)`. */
  call?: Call;
}

/** How far a class block is read: a hover must stay cheap on any file. */
const BLOCK_LIMIT = 100_000;

const CLASS_HEAD = /(?:async[ \t]+)?class[ \t]+([A-Za-z_]\w*)[ \t]*/y;
const METHOD = /(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/y;

function lineEnd(text: string, p: number): number {
  const e = text.indexOf("\n", p);
  return e < 0 ? text.length : e;
}

/** The first non-blank offset at or after `p` on its line. */
function firstNonBlank(text: string, p: number): number {
  while (text[p] === " " || text[p] === "\t") p++;
  return p;
}

/** The ":" closing a header that starts scanning at `p` (after a parameter list or bases), or -1. */
function headerColon(text: string, p: number): number {
  const m = /[ \t]*(?:->[^:\n]*)?:/y;
  m.lastIndex = p;
  return m.exec(text) ? m.lastIndex : -1;
}

/** A string literal starting the block after `from` (a docstring), cleaned; null when the block starts otherwise. */
function docstringAfter(analysis: Analysis, from: number): string | null {
  const { text, spans } = analysis;
  let p = from;
  // Skip the rest of the header line, blank lines and comment lines.
  for (let guard = 0; guard < 1000 && p < text.length; guard++) {
    const q = firstNonBlank(text, p);
    const s = spanAt(analysis.spans, q);
    if (text[q] === "\n" || (s >= 0 && text[spans.starts[s]] === "#")) {
      p = lineEnd(text, q) + 1;
      continue;
    }
    if (s < 0 || spans.starts[s] !== q) return null;
    const m = /^[rRuU]?("""|'''|"|')([\s\S]*)\1$/.exec(text.slice(q, spans.ends[s]));
    return m ? cleandoc(m[2]) : null;
  }
  return null;
}

/** inspect.cleandoc: the first line stripped, the others dedented by their common indentation, blank ends dropped. */
export function cleandoc(doc: string): string | null {
  const lines = doc.replace(/\t/g, "        ").split(/\r?\n/);
  let indent = Infinity;
  for (const l of lines.slice(1)) if (l.trim()) indent = Math.min(indent, l.length - l.trimStart().length);
  const out = [lines[0].trim(), ...lines.slice(1).map((l) => (Number.isFinite(indent) ? l.slice(indent) : l).trimEnd())];
  while (out.length && !out[0]) out.shift();
  while (out.length && !out[out.length - 1]) out.pop();
  return out.length ? out.join("\n") : null;
}

/** A method's parameters as written (whitespace folded), without its first (self). */
function params(analysis: Analysis, open: number): { list: string[]; close: number } {
  const call = parseCall(analysis.text, analysis.spans, open);
  const list = call.args.map((a) => analysis.text.slice(a.start, a.end).replace(/\s+/g, " ").trim());
  if (list.length && !list[0].startsWith("*")) list.shift();
  return { list, close: call.close };
}

/** The class defined by the `class` statement at `offset` (a line's first non-blank character), if it is one. */
export function readClass(analysis: Analysis, offset: number): OwnClass | undefined {
  const { text, spans } = analysis;
  CLASS_HEAD.lastIndex = offset;
  const head = CLASS_HEAD.exec(text);
  if (!head) return undefined;
  let p = CLASS_HEAD.lastIndex;
  let bases: string[] = [];
  if (text[p] === "(") {
    const b = parseCall(text, spans, p);
    bases = b.args.map((a) => a.text);
    p = b.close + 1;
  }
  const colon = headerColon(text, p);
  if (colon < 0) return undefined;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const classIndent = offset - lineStart;
  const own: OwnClass = { name: head[1], definedAt: offset, headerEnd: colon, bases, init: null, forward: null, doc: docstringAfter(analysis, colon) };
  // The block: the lines after the header indented deeper than `class` (blank and comment lines, and lines
  // inside a multi-line string, belong to it). Methods are the `def`s at the block's own indentation.
  let methodIndent = -1;
  const stop = Math.min(text.length, offset + BLOCK_LIMIT);
  for (let ls = lineEnd(text, colon) + 1; ls < stop; ls = lineEnd(text, ls) + 1) {
    const q = firstNonBlank(text, ls);
    if (text[q] === "\n" || q >= text.length || inSpan(spans, ls) || inSpan(spans, q)) continue;
    const indent = q - ls;
    if (indent <= classIndent) break;
    if (methodIndent < 0) methodIndent = indent;
    if (indent !== methodIndent) continue;
    METHOD.lastIndex = q;
    const m = METHOD.exec(text);
    if (!m || (m[1] !== "forward" && m[1] !== "__init__")) continue;
    const { list, close } = params(analysis, METHOD.lastIndex - 1);
    if (m[1] === "forward") {
      own.forward = list;
      const c = headerColon(text, close + 1);
      if (own.doc === null && c >= 0) own.doc = docstringAfter(analysis, c);
    } else own.init = list;
  }
  return own;
}

/** The user's class `name` bound at `offset` (its `class` statement in effect there), if it is a loss class. */
export function ownLossClass(analysis: Analysis, name: string, offset: number, variable?: string): OwnClass | undefined {
  if (name.includes(".")) return undefined;
  const binding = bindingAt(analysis, name, offset);
  if (!binding || binding.target !== null || binding.rhs !== undefined) return undefined;
  const own = readClass(analysis, binding.offset);
  if (!own || own.name !== name || own.forward === null) return undefined;
  const looksLoss = lossLike(name) || (variable !== undefined && lossLike(variable)) || own.bases.some((b) => /Loss\b/.test(b));
  return looksLoss ? own : undefined;
}
