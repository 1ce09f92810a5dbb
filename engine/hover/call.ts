// A call's arguments as written: bracket matching that skips strings and comments, top-level commas,
// keyword names, and literal values (numbers, True/False/None, strings) where the value is a literal.
import type { ParamValue } from "../catalog/types";
import { spanAt, type Spans } from "./lexer";

export interface Arg {
  /** Keyword name; undefined for a positional argument. */
  name?: string;
  /** The value's source text, trimmed. */
  text: string;
  /** The value, when it is a literal; undefined for any other expression. */
  value?: ParamValue;
  /** Offsets of the whole argument (keyword included). */
  start: number;
  end: number;
  /** `*args` or `**kwargs`: the arguments cannot be known. */
  starred?: boolean;
}

export interface Call {
  /** Offsets of "(" and of the matching ")" (or of the text's end when unclosed). */
  open: number;
  close: number;
  args: Arg[];
}

const OPEN = new Set(["(", "[", "{"]);
const CLOSE = new Set([")", "]", "}"]);
/** How far the hover looks for a call's brackets: a call longer than this is not worth the time. */
const LIMIT = 20000;

/** The offset after a run of spaces, tabs and (inside brackets) newlines. */
function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** The index of the first span that ends after `offset` (spans.starts.length when none). */
function firstSpanFrom(spans: Spans, offset: number): number {
  let lo = 0;
  let hi = spans.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans.ends[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parses the call whose "(" is at `open`. */
export function parseCall(text: string, spans: Spans, open: number): Call {
  const args: Arg[] = [];
  let depth = 0;
  let argStart = open + 1;
  const end = Math.min(text.length, open + LIMIT);
  let i = open + 1;
  // The next string/comment span at or after i, walked forward with i (no search per character).
  let s = firstSpanFrom(spans, i);
  for (; i < end; i++) {
    while (s < spans.starts.length && spans.ends[s] <= i) s++;
    if (s < spans.starts.length && spans.starts[s] <= i) {
      i = spans.ends[s] - 1;
      continue;
    }
    const ch = text[i];
    if (OPEN.has(ch)) depth++;
    else if (CLOSE.has(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (ch === "," && depth === 0) {
      pushArg(text, spans, argStart, i, args);
      argStart = i + 1;
    }
  }
  pushArg(text, spans, argStart, i, args);
  return { open, close: i, args };
}

function stripComments(text: string, spans: Spans, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i++) {
    const s = spanAt(spans, i);
    if (s >= 0 && text[spans.starts[s]] === "#") {
      i = spans.ends[s] - 1;
      continue;
    }
    out += text[i];
  }
  return out;
}

function pushArg(text: string, spans: Spans, start: number, end: number, args: Arg[]): void {
  const raw = stripComments(text, spans, start, end);
  const body = raw.trim();
  if (!body) return;
  const lead = start + skipSpace(raw, 0);
  if (body.startsWith("*")) {
    args.push({ text: body, start: lead, end, starred: true });
    return;
  }
  const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(body);
  if (kw) {
    const valueText = body.slice(kw[0].length).trim();
    args.push({ name: kw[1], text: valueText, value: literal(valueText), start: lead, end });
  } else {
    args.push({ text: body, value: literal(body), start: lead, end });
  }
}

/** A Python literal's value, or undefined when the text is any other expression. */
export function literal(text: string): ParamValue | undefined {
  const t = text.trim();
  if (t === "True") return true;
  if (t === "False") return false;
  if (t === "None") return null;
  if (/^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$/.test(t)) return Number(t.replace(/_/g, ""));
  const f = /^float\(\s*(['"])([-+]?)(inf|nan|infinity)\1\s*\)$/i.exec(t);
  if (f) return f[3].toLowerCase() === "nan" ? NaN : f[2] === "-" ? -Infinity : Infinity;
  const s = /^[rRuU]?(['"])((?:(?!\1)[^\\\n])*)\1$/.exec(t);
  if (s) return s[2];
  return undefined;
}

/** Whether a literal's text is written as a float in Python (1.0, 1e-3) rather than an int (1). */
export function isFloatLiteral(text: string): boolean {
  return /^[-+]?[\d_]*\.|[eE]/.test(text.trim()) && !/^[rRuU]?['"]/.test(text.trim());
}

/**
 * The "(" of the innermost call enclosing `offset` (searching back), or -1.
 * Skips strings and comments and balanced brackets.
 */
export function enclosingOpen(text: string, spans: Spans, offset: number): number {
  let depth = 0;
  const stop = Math.max(0, offset - LIMIT);
  // The last span starting before offset, walked backward with i.
  let s = firstSpanFrom(spans, offset) - 1;
  for (let i = offset - 1; i >= stop; i--) {
    while (s >= 0 && spans.starts[s] > i) s--;
    if (s >= 0 && i < spans.ends[s]) {
      i = spans.starts[s];
      s--;
      continue;
    }
    const ch = text[i];
    if (CLOSE.has(ch)) depth++;
    else if (OPEN.has(ch)) {
      if (depth === 0) return ch === "(" ? i : -1;
      depth--;
    }
  }
  return -1;
}
