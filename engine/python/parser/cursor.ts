// The parser's token cursor: lookahead, expectations with Python's messages, and the nesting bound.
import { PyError, type Span } from "../errors";
import type { Token, Tokenizer } from "../tokenizer";

export const MAX_DEPTH = 200;
export const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
  "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);

export function join(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

export function describe(t: Token): string {
  switch (t.type) {
    case "eof":
      return "end of input";
    case "newline":
      return "end of line";
    case "indent":
      return "an indent";
    case "dedent":
      return "a dedent";
    case "string":
      return "a string";
    case "number":
      return `'${t.value}'`;
    default:
      return `'${t.value}'`;
  }
}

/** Binary operator levels, loosest first: | ^ & shifts, arithmetic, terms. */

export class TokenCursor {
  readonly errors: PyError[] = [];
  protected depth = 0;

  constructor(
    protected readonly tz: Tokenizer,
    protected readonly maxElements: number,
  ) {}

  protected peek(k = 0): Token {
    return this.tz.peek(k);
  }
  protected next(): Token {
    return this.tz.next();
  }
  protected is(value: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.type === "op" || t.type === "name") && t.value === value;
  }
  protected accept(value: string): Token | null {
    return this.is(value) ? this.next() : null;
  }
  protected fail(message: string, t: Token = this.peek()): never {
    throw new PyError("SyntaxError", message, t);
  }
  protected expect(value: string, what = `'${value}'`): Token {
    const t = this.peek();
    if (this.is(value)) return this.next();
    this.fail(`expected ${what}, got ${describe(t)}`, t);
  }

  protected enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      const bracket = t.type === "op" && (t.value === "(" || t.value === "[" || t.value === "{");
      throw new PyError(bracket ? "SyntaxError" : "RecursionError", bracket ? "too many nested parentheses" : "maximum recursion depth exceeded during compilation", t);
    }
  }

  protected atStatementEnd(): boolean {
    const t = this.peek();
    return t.type === "newline" || t.type === "eof" || t.type === "dedent" || (t.type === "op" && t.value === ";");
  }

  protected name(): string {
    const t = this.next();
    if (t.type !== "name" || KEYWORDS.has(t.value)) this.fail(`expected a name, got ${describe(t)}`, t);
    return t.value;
  }
}
