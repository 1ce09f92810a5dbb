// Recursive-descent parser for the Python subset:
//   cursor.ts       tokens: lookahead, expectations with Python's messages, the nesting bound
//   expressions.ts  operators by precedence, calls, subscripts, displays, comprehensions, lambdas
//   statements.ts   statements and blocks; a syntax error is recorded and parsing resumes at the next line
//   strings.ts      escapes and f-strings
import type { Stmt } from "../ast";
import type { PyError } from "../errors";
import { Tokenizer } from "../tokenizer";
import { Parser } from "./statements";

export interface ParseResult {
  body: Stmt[];
  errors: PyError[];
}

export interface ParseOptions {
  maxElements?: number;
  /** performance.now() past which parsing gives up with a TooSlow error (passive features: CodeLens). */
  deadline?: number;
}

export function parse(src: string, options: ParseOptions = {}): ParseResult {
  const p = new Parser(new Tokenizer(src, 0, 0, options.deadline), options.maxElements ?? 10_000_000);
  return { body: p.module(), errors: p.errors };
}
