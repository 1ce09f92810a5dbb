// A lazy Python tokenizer: NEWLINE / INDENT / DEDENT, names, numbers, strings (with prefixes), operators.
// Lazy so the parser can hand a big numeric list literal to scanNumberList, which reads it straight into a
// Float64Array without making a token per number.
import { PyError, type Span } from "./errors";

export type TokType = "name" | "number" | "string" | "op" | "newline" | "indent" | "dedent" | "eof";

export interface Token {
  type: TokType;
  value: string;
  /** Offsets into the source, end exclusive. */
  pos: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const OPS3 = ["**=", "//=", ">>=", "<<=", "...", "!=="];
const OPS2 = ["**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=", "->", "<<", ">>", ":="];
const OPS1 = "+-*/%@<>=()[]{},:.;&|^~";
/** Multi-character operators by their first character, longest first. */
const MULTI: Record<string, string[]> = {};
for (const op of [...OPS3, ...OPS2]) (MULTI[op[0]] ??= []).push(op);
const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const MAX_NESTING = 200;

export interface NumberList {
  data: Float64Array;
  shape: number[];
  /** Every element was written as an integer literal. */
  allInt: boolean;
}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A passive feature's time budget ran out while tokenizing (see ParseOptions.deadline): it declines. */
export class TooSlow extends Error {
  constructor() {
    super("the source is too large to analyse within the time budget");
  }
}

export class Tokenizer {
  private produced = 0;
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private indents: number[] = [];
  private pending: Token[] = [];
  private brackets: Token[] = [];
  private atLineStart = true;
  private lastSignificant: TokType = "newline";
  private buffer: Token[] = [];

  constructor(
    readonly src: string,
    /** Offsets for a sub-tokenizer (f-string expressions): where src starts in the file. */
    private readonly lineBase = 0,
    private readonly colBase = 0,
    /** performance.now() past which tokenizing throws TooSlow: a passive feature's time budget. */
    private readonly deadline = Infinity,
  ) {
    // A source built by concatenation is a rope in V8, and charCodeAt on a rope is slow: ToNumber flattens it
    // (and fails at once on Python text).
    void Number(src);
  }

  peek(k = 0): Token {
    while (this.buffer.length <= k) this.buffer.push(this.produce());
    return this.buffer[k];
  }

  next(): Token {
    const t = this.peek();
    this.buffer.shift();
    return t;
  }

  span(start: number, end: number): Span {
    const a = this.locate(start);
    const b = this.locate(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Line/column of an offset; only used for error spans and tokens, so a scan from a known point is fine. */
  private locate(offset: number): { line: number; column: number } {
    let line = 1;
    let start = 0;
    let from = 0;
    // Positions are mostly requested in order: resume from the last one (a 10 MB one-line literal stays linear).
    if (offset >= this.locOffset) {
      line = this.locLine;
      start = this.locLineStart;
      from = this.locOffset;
    } else if (offset >= this.lineStart) {
      line = this.line;
      start = this.lineStart;
      from = this.lineStart;
    }
    const stop = Math.min(offset, this.src.length);
    for (let i = this.newlineFrom(from); i >= 0 && i < stop; i = this.newlineFrom(i + 1)) {
      line++;
      start = i + 1;
    }
    this.locOffset = offset;
    this.locLine = line;
    this.locLineStart = start;
    return { line: line + this.lineBase, column: offset - start + 1 + (line === 1 ? this.colBase : 0) };
  }
  private locOffset = 0;
  private locLine = 1;
  private locLineStart = 0;

  /**
   * The first "\n" at or after `from`, or -1. Remembers the last answer: on a long line every token asks for
   * the same newline, and a fresh indexOf each time would rescan to the end of the line per token (quadratic).
   */
  private newlineFrom(from: number): number {
    if (from >= this.nlFrom && (this.nlAt < 0 || from <= this.nlAt)) return this.nlAt;
    this.nlFrom = from;
    this.nlAt = this.src.indexOf("\n", from);
    return this.nlAt;
  }
  private nlFrom = Infinity;
  private nlAt = -1;

  private make(type: TokType, value: string, pos: number, end: number): Token {
    const a = this.locate(pos);
    const b = end === pos ? a : this.locate(end);
    return { type, value, pos, end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private error(message: string, pos: number, end = pos + 1): PyError {
    return new PyError("SyntaxError", message, this.span(pos, Math.min(Math.max(end, pos + 1), this.src.length + 1)));
  }

  /** Skips to the start of the next line (error recovery): brackets are forgotten. */
  recover(): void {
    this.buffer = [];
    this.pending = [];
    this.brackets = [];
    const nl = this.newlineFrom(this.pos);
    this.setPos(nl < 0 ? this.src.length : nl + 1);
    this.atLineStart = true;
    this.lastSignificant = "newline";
  }

  /** Skips forward to a given offset (after a fast-path scan). Buffered tokens must be empty. */
  private setPos(p: number): void {
    // indexOf is native and fast: a 10 MB literal is skipped without a JavaScript loop over its characters.
    for (let i = this.newlineFrom(this.pos); i >= 0 && i < p; i = this.newlineFrom(i + 1)) {
      this.line++;
      this.lineStart = i + 1;
    }
    this.pos = p;
  }

  private produce(): Token {
    if (this.pending.length) return this.pending.shift() as Token;
    if (this.deadline !== Infinity && (++this.produced & 1023) === 0 && performance.now() > this.deadline) throw new TooSlow();
    const src = this.src;
    if (this.atLineStart && this.brackets.length === 0) {
      // Measure indentation; skip blank and comment-only lines.
      for (;;) {
        let p = this.pos;
        let width = 0;
        while (p < src.length) {
          const c = src.charCodeAt(p);
          if (c === 32) width++;
          else if (c === 9) width = (Math.floor(width / 8) + 1) * 8;
          else if (c === 12) width = 0;
          else break;
          p++;
        }
        const c = src.charCodeAt(p);
        if (p >= src.length) {
          this.setPos(p);
          break;
        }
        if (c === 10 || c === 13 || c === 35) {
          const nl = src.indexOf("\n", p);
          this.setPos(nl < 0 ? src.length : nl + 1);
          continue;
        }
        if (c === 92 && (src.charCodeAt(p + 1) === 10 || src.charCodeAt(p + 1) === 13)) break;
        this.setPos(p);
        this.atLineStart = false;
        // The first statement's indentation is the base level: an indented selection is dedented.
        if (this.indents.length === 0) this.indents.push(width);
        const top = this.indents[this.indents.length - 1];
        if (width > top) {
          this.indents.push(width);
          return this.make("indent", "", this.lineStart, p);
        }
        if (width < top) {
          const out: Token[] = [];
          while (this.indents.length > 1 && width < this.indents[this.indents.length - 1]) {
            this.indents.pop();
            out.push(this.make("dedent", "", p, p));
          }
          if (width !== this.indents[this.indents.length - 1]) {
            if (this.indents.length === 1 && width < this.indents[0]) this.indents[0] = width;
            else throw this.error("unindent does not match any outer indentation level", this.lineStart, p);
          }
          this.pending.push(...out.slice(1));
          return out[0] ?? this.produce();
        }
        break;
      }
      this.atLineStart = false;
    }
    // Skip spaces, comments and line continuations.
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) this.pos++;
      else if (c === 35) {
        while (this.pos < src.length && src.charCodeAt(this.pos) !== 10) this.pos++;
      } else if (c === 92) {
        let p = this.pos + 1;
        if (src.charCodeAt(p) === 13) p++;
        if (src.charCodeAt(p) !== 10) {
          if (p >= src.length) throw this.error("unexpected EOF while parsing", this.pos);
          throw this.error("unexpected character after line continuation character", this.pos);
        }
        this.setPos(p + 1);
      } else if ((c === 10 || c === 13) && this.brackets.length > 0) {
        this.setPos(this.pos + 1);
      } else break;
    }
    const start = this.pos;
    if (start >= src.length) {
      if (this.brackets.length) {
        const b = this.brackets[this.brackets.length - 1];
        throw new PyError("SyntaxError", `'${b.value}' was never closed`, b);
      }
      if (this.lastSignificant !== "newline" && this.lastSignificant !== "dedent" && this.lastSignificant !== "indent") {
        this.lastSignificant = "newline";
        return this.make("newline", "", start, start);
      }
      if (this.indents.length > 1) {
        this.indents.pop();
        return this.make("dedent", "", start, start);
      }
      return this.make("eof", "", start, start);
    }
    const c = src.charCodeAt(start);
    if (c === 10 || c === 13) {
      this.setPos(start + (c === 13 && src.charCodeAt(start + 1) === 10 ? 2 : 1));
      this.atLineStart = true;
      this.lastSignificant = "newline";
      return this.make("newline", "", start, start + 1);
    }
    const tok = this.scanToken(start, c);
    this.lastSignificant = tok.type;
    return tok;
  }

  private scanToken(start: number, c: number): Token {
    const src = this.src;
    if (isIdStart(c)) {
      let p = start + 1;
      while (p < src.length && isIdChar(src.charCodeAt(p))) p++;
      const word = src.slice(start, p);
      const q = src.charCodeAt(p);
      if ((q === 39 || q === 34) && /^(r|u|f|b|br|rb|fr|rf)$/i.test(word)) return this.scanString(start, p);
      this.pos = p;
      return this.make("name", word, start, p);
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(start + 1)))) {
      const p = scanNumberEnd(src, start);
      if (p < 0) throw this.error("invalid decimal literal", start);
      if (isIdStart(src.charCodeAt(p)) && !/[jJ]/.test(src[p])) throw this.error("invalid decimal literal", start, p + 1);
      this.pos = p;
      return this.make("number", src.slice(start, p), start, p);
    }
    if (c === 39 || c === 34) return this.scanString(start, start);
    const ch = src[start];
    for (const op of MULTI[ch] ?? []) {
      if (src.startsWith(op, start)) {
        this.pos = start + op.length;
        return this.make("op", op, start, this.pos);
      }
    }
    if (OPS1.includes(ch)) {
      this.pos = start + 1;
      const tok = this.make("op", ch, start, start + 1);
      if (OPEN[ch]) {
        if (this.brackets.length >= MAX_NESTING) throw this.error("too many nested parentheses", start);
        this.brackets.push(tok);
      } else if (ch === ")" || ch === "]" || ch === "}") {
        const open = this.brackets.pop();
        if (!open) throw this.error(`unmatched '${ch}'`, start);
        if (OPEN[open.value] !== ch) {
          throw this.error(`closing parenthesis '${ch}' does not match opening parenthesis '${open.value}'` + (open.line !== tok.line ? ` on line ${open.line}` : ""), start);
        }
      }
      return tok;
    }
    const cp = src.codePointAt(start) ?? c;
    throw this.error(`invalid character '${String.fromCodePoint(cp)}' (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`, start);
  }

  private scanString(start: number, quoteAt: number): Token {
    const src = this.src;
    const q = src[quoteAt];
    const triple = src.startsWith(q + q + q, quoteAt);
    let p = quoteAt + (triple ? 3 : 1);
    for (;;) {
      if (p >= src.length) {
        throw this.error(triple ? "unterminated triple-quoted string literal" : "unterminated string literal", start, p);
      }
      const ch = src[p];
      if (ch === "\\") {
        p += 2;
        continue;
      }
      if (!triple && (ch === "\n" || ch === "\r")) throw this.error("unterminated string literal", start, p);
      if (triple ? src.startsWith(q + q + q, p) : ch === q) {
        p += triple ? 3 : 1;
        break;
      }
      p++;
    }
    const tok = this.make("string", src.slice(start, p), start, p);
    this.setPos(p);
    return tok;
  }

  /**
   * Fast path for a list literal of numbers, possibly nested and regular ([[1, 2], [3, 4]]): called by the parser
   * when the next token is "[". Reads the numbers straight into one Float64Array (two passes over the text: count,
   * then parse) without a token per number. Returns null (and consumes nothing) when the literal holds anything else.
   */
  scanNumberList(maxElements: number): NumberList | null {
    if (this.buffer.length !== 1 || this.buffer[0].value !== "[") return null;
    const src = this.src;
    const begin = this.buffer[0].pos;
    const n = src.length;
    // Pass 1: structure, depth and the count of numbers (a number starts where a digit or '.' follows a non-number).
    let p = begin;
    let depth = 0;
    let count = 0;
    let maxDepth = 0;
    let inNumber = false;
    for (; p < n; p++) {
      const c = src.charCodeAt(p);
      if ((c >= 48 && c <= 57) || c === 46) {
        if (!inNumber) count++;
        inNumber = true;
        continue;
      }
      if (c === 101 || c === 69) {
        if (!inNumber) return null;
        continue; // exponent marker inside a number
      }
      if ((c === 43 || c === 45) && inNumber) {
        const prev = src.charCodeAt(p - 1);
        if (prev === 101 || prev === 69) continue; // exponent sign
      }
      inNumber = false;
      if (c === 91) {
        depth++;
        if (depth > maxDepth) maxDepth = depth;
        if (depth > MAX_NESTING) return null;
      } else if (c === 93) {
        depth--;
        if (depth === 0) break;
      } else if (c !== 44 && c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 43 && c !== 45) return null;
    }
    if (depth !== 0 || count === 0) return null;
    if (count > maxElements) {
      throw new PyError("LimitError", `a list literal of ${count} numbers exceeds the evaluator's limit of ${maxElements} elements (maxElements)`, this.span(begin, begin + 1), true);
    }
    const end = p + 1;
    const data = new Float64Array(count);
    const counts = new Int32Array(maxDepth + 1);
    const shape: number[] = new Array(maxDepth).fill(-1);
    let k = 0;
    let allInt = true;
    let sign = 1;
    let expectValue = true;
    depth = 0;
    for (p = begin; p < end; p++) {
      const c = src.charCodeAt(p);
      if ((c >= 48 && c <= 57) || c === 46) {
        if (!expectValue || depth !== maxDepth) return null;
        // Inline decimal parse: mantissa digits, fraction, exponent. Exact while the digits fit (Clinger).
        let mant = 0;
        let digits = 0;
        let exp = 0;
        let isFloat = false;
        const start = p;
        let q = p;
        for (; q < end; q++) {
          const d = src.charCodeAt(q);
          if (d >= 48 && d <= 57) {
            if (digits > 0 || d !== 48) digits++;
            mant = mant * 10 + (d - 48);
            if (isFloat) exp--;
          } else if (d === 46 && !isFloat) isFloat = true;
          else break;
        }
        const e = src.charCodeAt(q);
        if (e === 101 || e === 69) {
          isFloat = true;
          let r = q + 1;
          let esign = 1;
          const s2 = src.charCodeAt(r);
          if (s2 === 43 || s2 === 45) {
            if (s2 === 45) esign = -1;
            r++;
          }
          let ev = 0;
          const r0 = r;
          for (; r < end; r++) {
            const d = src.charCodeAt(r);
            if (d < 48 || d > 57) break;
            ev = ev * 10 + (d - 48);
          }
          if (r === r0) return null;
          exp += esign * ev;
          q = r;
        }
        if (q === start + 1 && src.charCodeAt(start) === 46) return null; // a lone "."
        let v: number;
        if (digits <= 15 && exp >= -22 && exp <= 22) v = exp >= 0 ? mant * POW10[exp] : mant / POW10[-exp];
        else v = Number(src.slice(start, q));
        if (isFloat) allInt = false;
        data[k++] = sign * v;
        sign = 1;
        counts[depth]++;
        p = q - 1;
        expectValue = false;
      } else if (c === 91) {
        if (!expectValue) return null;
        if (depth > 0) counts[depth]++;
        depth++;
        counts[depth] = 0;
      } else if (c === 93) {
        const len = counts[depth];
        const dim = depth - 1;
        if (shape[dim] === -1) shape[dim] = len;
        else if (shape[dim] !== len) return null;
        depth--;
        expectValue = false;
      } else if (c === 44) {
        if (expectValue) return null;
        expectValue = true;
      } else if (c === 45) {
        if (!expectValue) return null;
        sign = -sign;
      } else if (c === 43) {
        if (!expectValue) return null;
      }
    }
    if (k !== count) return null;
    this.buffer = [];
    this.pending = [];
    this.brackets.pop();
    this.lastSignificant = "op";
    this.setPos(end);
    return { data, shape, allInt };
  }
}

/** End offset of a number literal starting at p (decimal, float, exponent, hex/octal/binary, underscores). */
export function scanNumberEnd(src: string, p: number): number {
  const n = src.length;
  if (src.charCodeAt(p) === 48 && /[xXoObB]/.test(src[p + 1] ?? "")) {
    let q = p + 2;
    while (q < n && /[0-9a-fA-F_]/.test(src[q])) q++;
    return q === p + 2 ? -1 : q;
  }
  let q = p;
  while (q < n && (isDigit(src.charCodeAt(q)) || src.charCodeAt(q) === 95)) q++;
  if (src.charCodeAt(q) === 46) {
    q++;
    while (q < n && (isDigit(src.charCodeAt(q)) || src.charCodeAt(q) === 95)) q++;
  }
  const e = src.charCodeAt(q);
  if (e === 101 || e === 69) {
    let r = q + 1;
    const s = src.charCodeAt(r);
    if (s === 43 || s === 45) r++;
    if (!isDigit(src.charCodeAt(r))) return q;
    while (r < n && isDigit(src.charCodeAt(r))) r++;
    q = r;
  }
  if (src[q] === "j" || src[q] === "J") q++;
  return q;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Parses a decimal literal; exact (Clinger's fast path) when the digits fit, else via Number(). */
export function parseDecimal(src: string, p: number, e: number): { value: number; isFloat: boolean } {
  let mant = 0;
  let digits = 0;
  let exp = 0;
  let isFloat = false;
  let q = p;
  let slow = false;
  for (; q < e; q++) {
    const c = src.charCodeAt(q);
    if (c >= 48 && c <= 57) {
      if (digits > 0 || c !== 48) digits++;
      mant = mant * 10 + (c - 48);
      if (isFloat) exp--;
    } else if (c === 46) isFloat = true;
    else if (c === 95) slow = true;
    else break;
  }
  if (q < e) {
    const c = src.charCodeAt(q);
    if (c === 101 || c === 69) {
      isFloat = true;
      exp += parseInt(src.slice(q + 1, e), 10);
    } else slow = true; // hex, octal, binary, complex
  }
  if (!slow && digits <= 15 && exp >= -22 && exp <= 22) {
    return { value: exp >= 0 ? mant * POW10[exp] : mant / POW10[-exp], isFloat };
  }
  const text = src.slice(p, e).replace(/_/g, "");
  if (/^0[xX]/.test(text)) return { value: parseInt(text.slice(2), 16), isFloat: false };
  if (/^0[oO]/.test(text)) return { value: parseInt(text.slice(2), 8), isFloat: false };
  if (/^0[bB]/.test(text)) return { value: parseInt(text.slice(2), 2), isFloat: false };
  return { value: Number(text), isFloat };
}
