// Recursive-descent parser for the Python subset. Syntax errors are recorded with their place and what was
// expected; the parser then resumes at the next line so the rest of a selection still evaluates.
import type { Arg, Comprehension, Expr, FPart, Handler, Param, Stmt } from "./ast";
import { deeperThan } from "./depth";
import { PyError, type Span } from "./errors";
import { parseDecimal, Tokenizer, type Token } from "./tokenizer";

const MAX_DEPTH = 200;
const COMPARE = new Set(["<", ">", "==", ">=", "<=", "!=", "in", "not", "is"]);
const AUG = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<="]);
const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
  "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);

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

function join(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

function describe(t: Token): string {
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
const BINARY_LEVELS: string[][] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]];

class Parser {
  readonly errors: PyError[] = [];
  private depth = 0;

  constructor(
    private readonly tz: Tokenizer,
    private readonly maxElements: number,
  ) {}

  private peek(k = 0): Token {
    return this.tz.peek(k);
  }
  private next(): Token {
    return this.tz.next();
  }
  private is(value: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.type === "op" || t.type === "name") && t.value === value;
  }
  private accept(value: string): Token | null {
    return this.is(value) ? this.next() : null;
  }
  private fail(message: string, t: Token = this.peek()): never {
    throw new PyError("SyntaxError", message, t);
  }
  private expect(value: string, what = `'${value}'`): Token {
    const t = this.peek();
    if (this.is(value)) return this.next();
    this.fail(`expected ${what}, got ${describe(t)}`, t);
  }

  module(): Stmt[] {
    const body: Stmt[] = [];
    let statementStart: Token | undefined;
    for (;;) {
      let t: Token;
      try {
        t = this.peek();
        if (t.type === "eof") break;
        if (t.type === "newline") {
          this.next();
          continue;
        }
        if (t.type === "indent") {
          this.next();
          this.fail("unexpected indent", t);
        }
        if (t.type === "dedent") {
          this.next();
          continue;
        }
        statementStart = t;
        for (const stmt of this.statement()) {
          // A chain as deep as the line is long: refused as CPython's compiler does, before any walker recurses.
          if (deeperThan(stmt)) {
            this.errors.push(new PyError("RecursionError", "maximum recursion depth exceeded during compilation", stmt.span));
          } else body.push(stmt);
        }
      } catch (e) {
        if (e instanceof RangeError) {
          // A nesting the depth counter did not bound: report it where the statement starts.
          this.errors.push(new PyError("RecursionError", "maximum recursion depth exceeded during compilation", this.peek()));
          this.depth = 0;
          this.tz.recover();
          continue;
        }
        if (!(e instanceof PyError)) throw e;
        // An error found without a place (an escape inside an f-string) is put on its statement's first token.
        e.span ??= statementStart;
        this.errors.push(e);
        if (this.errors.length > 100) break;
        this.tz.recover();
      }
    }
    return body;
  }

  private block(owner: Token, what: string): Stmt[] {
    if (this.peek().type !== "newline") {
      // One-line body: `if flag: print(x)`.
      return this.simpleStatements();
    }
    this.next();
    const t = this.peek();
    if (t.type !== "indent") this.fail(`expected an indented block after ${what} on line ${owner.line}`, t);
    this.next();
    const body: Stmt[] = [];
    while (this.peek().type !== "dedent" && this.peek().type !== "eof") {
      if (this.peek().type === "newline") {
        this.next();
        continue;
      }
      body.push(...this.statement());
    }
    if (this.peek().type === "dedent") this.next();
    return body;
  }

  private statement(): Stmt[] {
    const t = this.peek();
    if (t.type === "name") {
      switch (t.value) {
        case "if":
          return [this.ifStatement()];
        case "for":
          return [this.forStatement()];
        case "while": {
          this.next();
          const test = this.namedExpr();
          this.expect(":");
          const body = this.block(t, "'while' statement");
          this.elseClause(t);
          return [{ k: "while", span: join(t, test.span), test, body }];
        }
        case "def":
          return [this.defStatement([])];
        case "class":
          return [this.classStatement([])];
        case "with":
          return [this.withStatement()];
        case "try":
          return [this.tryStatement()];
        case "async":
          return [this.skipCompound(t)];
      }
    }
    if (t.type === "op" && t.value === "@") return [this.decorated()];
    return this.simpleStatements();
  }

  private elseClause(owner: Token): Stmt[] {
    if (this.is("else")) {
      const e = this.next();
      this.expect(":");
      return this.block(e, `'else' statement`);
    }
    void owner;
    return [];
  }

  /** `@decorator` lines, then the def or class they decorate. */
  private decorated(): Stmt {
    const decorators: Expr[] = [];
    while (this.is("@")) {
      this.next();
      decorators.push(this.expr());
      if (this.peek().type !== "newline") this.fail(`invalid syntax: expected end of line, got ${describe(this.peek())}`);
      this.next();
      while (this.peek().type === "newline") this.next();
    }
    if (this.is("def")) return this.defStatement(decorators);
    if (this.is("class")) return this.classStatement(decorators);
    return this.fail("expected 'def' or 'class' after a decorator");
  }

  private classStatement(decorators: Expr[]): Stmt {
    const t = this.next();
    const nameTok = this.next();
    if (nameTok.type !== "name" || KEYWORDS.has(nameTok.value)) this.fail("expected a class name", nameTok);
    const bases: Expr[] = [];
    if (this.accept("(")) {
      while (!this.is(")")) {
        if (this.peek().type === "name" && this.is("=", 1)) {
          // metaclass=... and other class keywords: evaluated for their syntax only.
          this.next();
          this.next();
          this.expr();
        } else bases.push(this.expr());
        if (!this.accept(",")) break;
      }
      this.expect(")");
    }
    this.expect(":");
    const body = this.block(t, "class definition");
    return { k: "class", span: join(t, nameTok), name: nameTok.value, bases, body, decorators };
  }

  private tryStatement(): Stmt {
    const t = this.next();
    this.expect(":");
    const body = this.block(t, "'try' statement");
    const handlers: Handler[] = [];
    while (this.is("except")) {
      const c = this.next();
      let type: Expr | null = null;
      let name: string | null = null;
      if (!this.is(":")) {
        type = this.expr();
        if (this.accept(",")) {
          const items = [type];
          do items.push(this.expr());
          while (this.accept(","));
          type = { k: "tuple", span: join(items[0].span, items[items.length - 1].span), items };
        }
        if (this.accept("as")) name = this.name();
      }
      this.expect(":");
      handlers.push({ span: c, type, name, body: this.block(c, "'except' statement") });
    }
    let orelse: Stmt[] = [];
    if (handlers.length && this.is("else")) {
      const e = this.next();
      this.expect(":");
      orelse = this.block(e, "'else' statement");
    }
    let finalbody: Stmt[] = [];
    if (this.is("finally")) {
      const f = this.next();
      this.expect(":");
      finalbody = this.block(f, "'finally' statement");
    }
    if (!handlers.length && !finalbody.length) this.fail("expected 'except' or 'finally' block");
    return { k: "try", span: t, body, handlers, orelse, finalbody };
  }

  /** async blocks: parsed for syntax, reported as unsupported. */
  private skipCompound(t: Token): Stmt {
    const what = t.value === "@" ? "decorators" : t.value === "class" ? "class definitions" : `'${t.value}' statements`;
    let end: Token = t;
    // Header: up to the ':' that ends it.
    let guard = 0;
    while (!(this.peek().type === "op" && this.peek().value === ":")) {
      if (this.peek().type === "newline" || this.peek().type === "eof") {
        if (t.value === "@") {
          this.next();
          return { k: "unsupported", span: join(t, end), what };
        }
        this.fail("expected ':'");
      }
      end = this.next();
      if (++guard > 100000) break;
    }
    this.next();
    const body = this.block(t, `'${t.value}' statement`);
    let last = body.length ? body[body.length - 1].span : end;
    // try: except / finally / else clauses.
    while (this.is("except") || this.is("finally") || (this.is("else") && t.value !== "class")) {
      const c = this.next();
      while (!this.is(":")) {
        if (this.peek().type === "newline" || this.peek().type === "eof") this.fail("expected ':'");
        this.next();
      }
      this.next();
      const b = this.block(c, `'${c.value}' statement`);
      if (b.length) last = b[b.length - 1].span;
    }
    return { k: "unsupported", span: join(t, last), what };
  }

  private withStatement(): Stmt {
    const t = this.next();
    const items: { expr: Expr; alias: Expr | null }[] = [];
    do {
      const expr = this.expr();
      const alias = this.accept("as") ? this.orExpr() : null;
      items.push({ expr, alias });
    } while (this.accept(","));
    this.expect(":");
    const body = this.block(t, "'with' statement");
    return { k: "with", span: join(t, items[items.length - 1].expr.span), items, body };
  }

  private ifStatement(): Stmt {
    const t = this.next();
    const test = this.namedExpr();
    this.expect(":");
    const body = this.block(t, `'${t.value}' statement`);
    let orelse: Stmt[] = [];
    if (this.is("elif")) orelse = [this.ifStatement()];
    else if (this.is("else")) {
      const e = this.next();
      this.expect(":");
      orelse = this.block(e, "'else' statement");
    }
    return { k: "if", span: join(t, test.span), test, body, orelse };
  }

  private forStatement(): Stmt {
    const t = this.next();
    const target = this.targetList();
    this.expect("in", "'in'");
    const iter = this.exprList();
    this.expect(":");
    const body = this.block(t, "'for' statement");
    this.elseClause(t);
    return { k: "for", span: join(t, iter.span), target, iter, body };
  }

  private defStatement(decorators: Expr[]): Stmt {
    const t = this.next();
    const nameTok = this.next();
    if (nameTok.type !== "name") this.fail("expected a function name", nameTok);
    this.expect("(");
    const params = this.paramList(")", true);
    this.expect(")");
    if (this.accept("->")) this.expr();
    this.expect(":");
    const body = this.block(t, `function definition`);
    return { k: "def", span: join(t, nameTok), name: nameTok.value, params, body, decorators };
  }

  /** Parameters up to `closer` (')' for def, ':' for lambda): defaults, *args, keyword-only, **kwargs. */
  private paramList(closer: string, annotations: boolean): Param[] {
    const params: Param[] = [];
    let kwOnly = false;
    while (!this.is(closer)) {
      let star: "*" | "**" | undefined;
      if (this.accept("**")) star = "**";
      else if (this.accept("*")) star = "*";
      if (star === "*" && (this.is(",") || this.is(closer))) {
        kwOnly = true;
        if (!this.accept(",")) break;
        continue;
      }
      const n = this.next();
      if (n.type !== "name") {
        if (n.value === "/") {
          this.accept(",");
          continue;
        }
        this.fail("expected a parameter name", n);
      }
      if (annotations && this.accept(":")) this.expr();
      const def = this.accept("=") ? this.expr() : null;
      params.push({ name: n.value, default: def, star, kwOnly: kwOnly && !star ? true : undefined });
      if (star === "*") kwOnly = true;
      if (!this.accept(",")) break;
    }
    return params;
  }

  private simpleStatements(): Stmt[] {
    const out: Stmt[] = [this.simpleStatement()];
    while (this.accept(";")) {
      if (this.peek().type === "newline" || this.peek().type === "eof") break;
      out.push(this.simpleStatement());
    }
    const t = this.peek();
    if (t.type === "newline") this.next();
    else if (t.type !== "eof" && t.type !== "dedent") this.fail(`invalid syntax: expected end of line, got ${describe(t)}`, t);
    return out;
  }

  private simpleStatement(): Stmt {
    const t = this.peek();
    if (t.type === "name") {
      switch (t.value) {
        case "import": {
          this.next();
          const names: { module: string; alias: string | null; span: Span }[] = [];
          do {
            const start = this.peek();
            const module = this.dottedName();
            const alias = this.accept("as") ? this.name() : null;
            names.push({ module, alias, span: join(start, this.lastSpan(start)) });
          } while (this.accept(","));
          return { k: "import", span: join(t, names[names.length - 1].span), names };
        }
        case "from": {
          this.next();
          let module = "";
          while (this.is(".") || this.is("...")) module += this.next().value;
          if (!this.is("import")) module += this.dottedName();
          this.expect("import", "'import'");
          const paren = this.accept("(");
          const names: { name: string; alias: string | null; span: Span }[] = [];
          do {
            if (paren && this.is(")")) break;
            const start = this.peek();
            const name = this.accept("*") ? "*" : this.name();
            const alias = this.accept("as") ? this.name() : null;
            names.push({ name, alias, span: start });
          } while (this.accept(","));
          if (paren) this.expect(")");
          return { k: "from", span: join(t, names.length ? names[names.length - 1].span : t), module, names };
        }
        case "pass":
        case "break":
        case "continue":
          this.next();
          return { k: t.value, span: t } as Stmt;
        case "return": {
          this.next();
          const value = this.atStatementEnd() ? null : this.exprList();
          return { k: "return", span: value ? join(t, value.span) : t, value };
        }
        case "del": {
          this.next();
          const targets: Expr[] = [];
          do targets.push(this.orExpr());
          while (this.accept(","));
          return { k: "del", span: join(t, targets[targets.length - 1].span), targets };
        }
        case "global":
        case "nonlocal": {
          this.next();
          const names = [this.name()];
          while (this.accept(",")) names.push(this.name());
          return { k: "global", span: t, names };
        }
        case "assert": {
          this.next();
          const test = this.expr();
          const msg = this.accept(",") ? this.expr() : null;
          return { k: "assert", span: join(t, (msg ?? test).span), test, msg };
        }
        case "raise": {
          this.next();
          const exc = this.atStatementEnd() ? null : this.expr();
          const cause = exc && this.accept("from") ? this.expr() : null;
          return { k: "raise", span: join(t, (cause ?? exc ?? t) as Span), exc, cause };
        }
        case "yield": {
          this.next();
          let end: Span = t;
          while (!this.atStatementEnd() && !this.is(";")) end = this.next();
          return { k: "unsupported", span: join(t, end), what: `'${t.value}' statements` };
        }
      }
    }
    const first = this.exprList(true);
    if (this.is("=")) {
      const targets: Expr[] = [first];
      let value: Expr = first;
      while (this.accept("=")) {
        value = this.exprList(true);
        targets.push(value);
      }
      targets.pop();
      for (const target of targets) this.checkTarget(target);
      return { k: "assign", span: join(first.span, value.span), targets, value };
    }
    const op = this.peek();
    if (op.type === "op" && AUG.has(op.value)) {
      this.next();
      this.checkTarget(first);
      const value = this.exprList();
      return { k: "augassign", span: join(first.span, value.span), target: first, op: op.value.slice(0, -1), value };
    }
    if (op.type === "op" && op.value === ":" && (first.k === "name" || first.k === "attr" || first.k === "index")) {
      this.next();
      this.expr();
      const value = this.accept("=") ? this.exprList() : null;
      return { k: "annassign", span: join(first.span, (value ?? first).span), target: first, value };
    }
    return { k: "expr", span: first.span, value: first };
  }

  private atStatementEnd(): boolean {
    const t = this.peek();
    return t.type === "newline" || t.type === "eof" || t.type === "dedent" || (t.type === "op" && t.value === ";");
  }

  private lastSpan(fallback: Span): Span {
    return fallback;
  }

  private checkTarget(e: Expr): void {
    if (e.k === "name" || e.k === "attr" || e.k === "index") return;
    if (e.k === "tuple" || e.k === "list") {
      e.items.forEach((i) => this.checkTarget(i));
      return;
    }
    if (e.k === "starred") return this.checkTarget(e.value);
    const what = e.k === "call" ? "function call" : e.k === "num" || e.k === "str" || e.k === "const" ? "literal" : "expression";
    throw new PyError("SyntaxError", `cannot assign to ${what}` + (e.k === "call" ? " here. Maybe you meant '==' instead of '='?" : ""), e.span);
  }

  private name(): string {
    const t = this.next();
    if (t.type !== "name" || KEYWORDS.has(t.value)) this.fail(`expected a name, got ${describe(t)}`, t);
    return t.value;
  }

  private dottedName(): string {
    let s = this.name();
    while (this.accept(".")) s += "." + this.name();
    return s;
  }

  private targetList(): Expr {
    const first = this.orExpr();
    if (!this.is(",")) return first;
    const items = [first];
    while (this.accept(",")) {
      if (this.is("in")) break;
      items.push(this.orExpr());
    }
    return { k: "tuple", span: join(first.span, items[items.length - 1].span), items };
  }

  /** expr (',' expr)* [','] — a tuple without parentheses. */
  private exprList(allowStar = false): Expr {
    const first = allowStar && this.is("*") ? this.starred() : this.namedExpr();
    if (!this.is(",")) return first;
    const items = [first];
    while (this.accept(",")) {
      if (this.atStatementEnd() || this.is("=") || this.is(")") || this.is(":")) break;
      items.push(allowStar && this.is("*") ? this.starred() : this.namedExpr());
    }
    return { k: "tuple", span: join(first.span, items[items.length - 1].span), items };
  }

  private starred(): Expr {
    const t = this.next();
    const value = this.orExpr();
    return { k: "starred", span: join(t, value.span), value };
  }

  private namedExpr(): Expr {
    return this.expr();
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      const bracket = t.type === "op" && (t.value === "(" || t.value === "[" || t.value === "{");
      throw new PyError(bracket ? "SyntaxError" : "RecursionError", bracket ? "too many nested parentheses" : "maximum recursion depth exceeded during compilation", t);
    }
  }

  expr(): Expr {
    const t = this.peek();
    if (t.type === "name" && t.value === "lambda") {
      this.next();
      const params = this.paramList(":", false);
      this.expect(":");
      const body = this.expr();
      return { k: "lambda", span: join(t, body.span), params, body };
    }
    this.enter(t);
    const body = this.orTest();
    let out = body;
    if (this.is("if") && !this.isStatementKeywordContext()) {
      this.next();
      const test = this.orTest();
      this.expect("else", "'else' after conditional expression");
      const orelse = this.expr();
      out = { k: "ifexp", span: join(body.span, orelse.span), test, body, orelse };
    }
    this.depth--;
    return out;
  }

  private isStatementKeywordContext(): boolean {
    return false;
  }

  private orTest(): Expr {
    let left = this.andTest();
    while (this.is("or")) {
      this.next();
      const right = this.andTest();
      left = { k: "bool", span: join(left.span, right.span), op: "or", left, right };
    }
    return left;
  }

  private andTest(): Expr {
    let left = this.notTest();
    while (this.is("and")) {
      this.next();
      const right = this.notTest();
      left = { k: "bool", span: join(left.span, right.span), op: "and", left, right };
    }
    return left;
  }

  private notTest(): Expr {
    if (this.is("not")) {
      const t = this.next();
      this.enter(t);
      const operand = this.notTest();
      this.depth--;
      return { k: "unary", span: join(t, operand.span), op: "not", operand };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const first = this.orExpr();
    const t0 = this.peek();
    if (!((t0.type === "op" || t0.type === "name") && COMPARE.has(t0.value))) return first;
    const ops: string[] = [];
    const operands = [first];
    for (;;) {
      const t = this.peek();
      if (!((t.type === "op" || t.type === "name") && COMPARE.has(t.value))) break;
      if (t.value === "not") {
        if (!this.is("in", 1)) break;
        this.next();
        this.next();
        ops.push("not in");
      } else if (t.value === "is") {
        this.next();
        ops.push(this.accept("not") ? "is not" : "is");
      } else {
        this.next();
        ops.push(t.value);
      }
      operands.push(this.orExpr());
    }
    if (!ops.length) return first;
    return { k: "compare", span: join(first.span, operands[operands.length - 1].span), ops, operands };
  }

  /** Left-associative binary operators from `level` of BINARY_LEVELS down (no closures or arrays per call: a
   * 2 MB line makes a million of these calls). */
  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.factor();
    const ops = BINARY_LEVELS[level];
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.type !== "op" || !ops.includes(t.value)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { k: "bin", span: join(left.span, right.span), op: t.value, left, right };
    }
  }

  private orExpr(): Expr {
    return this.binary(0);
  }

  private factor(): Expr {
    const t = this.peek();
    if (t.type === "op" && (t.value === "-" || t.value === "+" || t.value === "~")) {
      this.next();
      this.enter(t);
      const operand = this.factor();
      this.depth--;
      return { k: "unary", span: join(t, operand.span), op: t.value, operand };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    if (this.is("**")) {
      const t = this.next();
      this.enter(t);
      const exp = this.factor();
      this.depth--;
      return { k: "bin", span: join(base.span, exp.span), op: "**", left: base, right: exp };
    }
    return base;
  }

  private primary(): Expr {
    let e = this.atom();
    for (;;) {
      const t = this.peek();
      if (t.type !== "op") return e;
      if (t.value === ".") {
        this.next();
        const n = this.next();
        if (n.type !== "name") this.fail(`expected an attribute name after '.', got ${describe(n)}`, n);
        e = { k: "attr", span: join(e.span, n), obj: e, name: n.value };
      } else if (t.value === "(") {
        this.next();
        this.enter(t);
        const args = this.callArgs();
        this.depth--;
        const close = this.expect(")", "')' to close the call");
        e = { k: "call", span: join(e.span, close), func: e, args };
      } else if (t.value === "[") {
        this.next();
        this.enter(t);
        const index = this.subscript();
        this.depth--;
        const close = this.expect("]", "']'");
        e = { k: "index", span: join(e.span, close), obj: e, index };
      } else return e;
    }
  }

  private callArgs(): Arg[] {
    const args: Arg[] = [];
    let sawKeyword = false;
    while (!this.is(")")) {
      const t = this.peek();
      if (this.is("*") || this.is("**")) {
        const star = this.next().value as "*" | "**";
        args.push({ name: null, value: this.expr(), star });
      } else if (t.type === "name" && this.is("=", 1) && !KEYWORDS.has(t.value)) {
        this.next();
        this.next();
        args.push({ name: t.value, value: this.expr() });
        sawKeyword = true;
      } else {
        let value = this.expr();
        if (this.is("for")) {
          // f(x for x in xs): a generator argument.
          const generators = this.compFor();
          value = { k: "comp", span: join(value.span, this.prevSpan ?? value.span), kind: "gen", elt: value, value: null, generators };
        }
        if (sawKeyword) throw new PyError("SyntaxError", "positional argument follows keyword argument", value.span);
        args.push({ name: null, value });
      }
      if (!this.accept(",")) break;
    }
    return args;
  }

  private subscript(): Expr {
    const first = this.sliceItem();
    if (!this.is(",")) return first;
    const items = [first];
    while (this.accept(",")) {
      if (this.is("]")) break;
      items.push(this.sliceItem());
    }
    return { k: "tuple", span: join(first.span, items[items.length - 1].span), items };
  }

  private sliceItem(): Expr {
    const t = this.peek();
    let lower: Expr | null = null;
    if (!this.is(":")) {
      lower = this.expr();
      if (!this.is(":")) return lower;
    }
    const colon = this.next();
    let upper: Expr | null = null;
    let step: Expr | null = null;
    if (!this.is(":") && !this.is("]") && !this.is(",")) upper = this.expr();
    let end: Span = upper?.span ?? colon;
    if (this.accept(":")) {
      if (!this.is("]") && !this.is(",")) {
        step = this.expr();
        end = step.span;
      }
    }
    return { k: "slice", span: join(t, end), lower, upper, step };
  }

  private atom(): Expr {
    const t = this.peek();
    switch (t.type) {
      case "number": {
        this.next();
        const text = t.value;
        if (/[jJ]$/.test(text)) return { k: "num", span: t, value: Number(text.slice(0, -1)), isInt: false, imag: true };
        const v = parseDecimal(text, 0, text.length);
        return { k: "num", span: t, value: v.value, isInt: !v.isFloat };
      }
      case "string":
        return this.strings();
      case "name": {
        if (t.value === "True" || t.value === "False" || t.value === "None") {
          this.next();
          return { k: "const", span: t, value: t.value === "None" ? null : t.value === "True" };
        }
        if (KEYWORDS.has(t.value)) this.fail(`invalid syntax: expected an expression, got '${t.value}'`, t);
        this.next();
        return { k: "name", span: t, id: t.value };
      }
      case "op":
        break;
      default:
        this.fail(`invalid syntax: expected an expression, got ${describe(t)}`, t);
    }
    if (t.value === "...") {
      this.next();
      return { k: "const", span: t, value: "..." };
    }
    if (t.value === "(") {
      this.next();
      this.enter(t);
      if (this.is(")")) {
        const close = this.next();
        this.depth--;
        return { k: "tuple", span: join(t, close), items: [] };
      }
      const first = this.is("*") ? this.starred() : this.expr();
      if (this.is("for")) {
        const generators = this.compFor();
        const close = this.expect(")", "')'");
        this.depth--;
        return { k: "comp", span: join(t, close), kind: "gen", elt: first, value: null, generators };
      }
      if (this.is(")")) {
        const close = this.next();
        this.depth--;
        return { ...first, span: join(t, close) } as Expr;
      }
      const items = [first];
      while (this.accept(",")) {
        if (this.is(")")) break;
        items.push(this.is("*") ? this.starred() : this.expr());
      }
      const close = this.expect(")", "')'");
      this.depth--;
      return { k: "tuple", span: join(t, close), items };
    }
    if (t.value === "[") {
      const fast = this.tz.scanNumberList(this.maxElements);
      if (fast) {
        const end = this.tz.span(this.peekEndGuess(), this.peekEndGuess());
        void end;
        return { k: "numlist", span: this.fastSpan(t), data: fast.data, shape: fast.shape, allInt: fast.allInt };
      }
      this.next();
      this.enter(t);
      const items: Expr[] = [];
      while (!this.is("]")) {
        items.push(this.is("*") ? this.starred() : this.expr());
        if (this.is("for")) {
          const generators = this.compFor();
          const close = this.expect("]", "']'");
          this.depth--;
          return { k: "comp", span: join(t, close), kind: "list", elt: items[0], value: null, generators };
        }
        if (!this.accept(",")) break;
      }
      const close = this.expect("]", "']'");
      this.depth--;
      return { k: "list", span: join(t, close), items };
    }
    if (t.value === "{") {
      this.next();
      this.enter(t);
      const keys: Expr[] = [];
      const values: Expr[] = [];
      while (!this.is("}")) {
        if (this.is("**")) {
          const star = this.next();
          const close = this.skipTo("}");
          this.depth--;
          return { k: "unsupported", span: join(star, close), what: "** in dict displays" };
        }
        keys.push(this.expr());
        if (!this.is(":")) {
          // A set display or a set comprehension.
          if (this.is("for") && keys.length === 1) {
            const generators = this.compFor();
            const close = this.expect("}", "'}'");
            this.depth--;
            return { k: "comp", span: join(t, close), kind: "set", elt: keys[0], value: null, generators };
          }
          while (this.accept(",")) {
            if (this.is("}")) break;
            keys.push(this.expr());
          }
          const close = this.expect("}", "'}'");
          this.depth--;
          return { k: "set", span: join(t, close), items: keys };
        }
        this.expect(":");
        values.push(this.expr());
        if (this.is("for") && keys.length === 1) {
          const generators = this.compFor();
          const close = this.expect("}", "'}'");
          this.depth--;
          return { k: "comp", span: join(t, close), kind: "dict", elt: keys[0], value: values[0], generators };
        }
        if (!this.accept(",")) break;
      }
      const close = this.expect("}", "'}'");
      this.depth--;
      return { k: "dict", span: join(t, close), keys, values };
    }
    this.fail(`invalid syntax: expected an expression, got ${describe(t)}`, t);
  }

  /** `for target in iter [if cond]...` clauses of a comprehension, one or more. */
  private compFor(): Comprehension[] {
    const out: Comprehension[] = [];
    while (this.is("for")) {
      this.next();
      const target = this.targetList();
      this.expect("in", "'in'");
      const iter = this.orTest();
      const ifs: Expr[] = [];
      while (this.is("if")) {
        this.next();
        ifs.push(this.orTest());
      }
      out.push({ target, iter, ifs });
      this.prevSpan = (ifs.length ? ifs[ifs.length - 1] : iter).span;
    }
    return out;
  }

  private prevSpan: Span | null = null;

  /** Consumes tokens up to and including the closer that matches an already-open bracket. */
  private skipTo(closer: string): Token {
    let depth = 0;
    for (;;) {
      const tk = this.peek();
      if (tk.type === "eof") this.fail(`expected '${closer}'`, tk);
      this.next();
      if (tk.type !== "op") continue;
      if (tk.value === "(" || tk.value === "[" || tk.value === "{") depth++;
      else if (tk.value === ")" || tk.value === "]" || tk.value === "}") {
        if (depth === 0) return tk;
        depth--;
      }
    }
  }

  private lastFastEnd = 0;
  private peekEndGuess(): number {
    return this.lastFastEnd;
  }
  /** The span of a list literal consumed by the fast path: from its "[" to the token after it. */
  private fastSpan(open: Token): Span {
    const after = this.peek();
    // The literal ends at its "]": scan back over whitespace from the next token.
    let end = after.pos;
    const src = this.tz.src;
    while (end > open.pos && src[end - 1] !== "]") end--;
    return this.tz.span(open.pos, end);
  }

  private strings(): Expr {
    const first = this.peek();
    const parts: FPart[] = [];
    let isF = false;
    let bytes = false;
    let last: Token = first;
    while (this.peek().type === "string") {
      const t = this.next();
      last = t;
      const m = /^([a-zA-Z]*)/.exec(t.value);
      const prefix = (m?.[1] ?? "").toLowerCase();
      const quoteLen = t.value.startsWith(`"""`, prefix.length) || t.value.startsWith(`'''`, prefix.length) ? 3 : 1;
      const body = t.value.slice(prefix.length + quoteLen, t.value.length - quoteLen);
      const raw = prefix.includes("r");
      if (prefix.includes("b")) bytes = true;
      if (prefix.includes("f")) {
        isF = true;
        parts.push(...this.fstring(body, t.pos + prefix.length + quoteLen, raw));
      } else parts.push(raw ? body : unescape(body, t, this.tz));
    }
    const span = join(first, last);
    if (!isF) return { k: "str", span, value: parts.join(""), bytes };
    return { k: "fstr", span, parts };
  }

  /** Splits an f-string body into text and {expr!conv:spec} parts; expressions are parsed in place. */
  private fstring(body: string, offset: number, raw: boolean): FPart[] {
    const out: FPart[] = [];
    let text = "";
    let i = 0;
    const flush = () => {
      if (text) out.push(raw ? text : unescape(text, null, this.tz));
      text = "";
    };
    while (i < body.length) {
      const c = body[i];
      if (c === "{" && body[i + 1] === "{") {
        text += "{";
        i += 2;
        continue;
      }
      if (c === "}" && body[i + 1] === "}") {
        text += "}";
        i += 2;
        continue;
      }
      if (c === "}") throw new PyError("SyntaxError", "f-string: single '}' is not allowed", this.tz.span(offset + i, offset + i + 1));
      if (c !== "{") {
        text += c;
        i++;
        continue;
      }
      flush();
      // Find the end of the expression: a top-level '!', ':' or '}'.
      let j = i + 1;
      let depth = 0;
      let quote: string | null = null;
      let exprEnd = -1;
      let convAt = -1;
      for (; j < body.length; j++) {
        const d = body[j];
        if (quote) {
          if (d === quote) quote = null;
          continue;
        }
        if (d === "'" || d === '"') quote = d;
        else if (d === "(" || d === "[" || d === "{") depth++;
        else if (d === ")" || d === "]" || (d === "}" && depth > 0)) depth--;
        else if (depth === 0 && d === "!" && body[j + 1] !== "=" && exprEnd < 0) {
          exprEnd = j;
          convAt = j;
        } else if (depth === 0 && d === ":" && exprEnd < 0) {
          exprEnd = j;
          break;
        } else if (depth === 0 && d === ":" && convAt >= 0) break;
        else if (depth === 0 && d === "}") break;
      }
      if (j >= body.length) throw new PyError("SyntaxError", "f-string: expecting '}'", this.tz.span(offset + i, offset + i + 1));
      if (exprEnd < 0) exprEnd = j;
      let exprText = body.slice(i + 1, exprEnd);
      let debugText: string | undefined;
      if (/=\s*$/.test(exprText) && !/[=!<>]=\s*$/.test(exprText)) {
        debugText = exprText;
        exprText = exprText.replace(/=\s*$/, "");
      }
      if (!exprText.trim()) throw new PyError("SyntaxError", "f-string: empty expression not allowed", this.tz.span(offset + i, offset + j + 1));
      const expr = this.subExpr(exprText, offset + i + 1);
      let conv: string | null = null;
      if (convAt >= 0) conv = body.slice(convAt + 1, convAt + 2);
      let spec: FPart[] | null = null;
      if (body[j] === ":") {
        // The spec runs to the matching '}' and may hold nested {fields}.
        let k = j + 1;
        let d = 0;
        for (; k < body.length; k++) {
          if (body[k] === "{") d++;
          else if (body[k] === "}") {
            if (d === 0) break;
            d--;
          }
        }
        if (k >= body.length) throw new PyError("SyntaxError", "f-string: expecting '}'", this.tz.span(offset + i, offset + i + 1));
        spec = this.fstring(body.slice(j + 1, k), offset + j + 1, raw);
        j = k;
      }
      out.push({ expr, conv, spec, debugText });
      i = j + 1;
    }
    flush();
    return out;
  }

  private subExpr(text: string, absOffset: number): Expr {
    const at = this.tz.span(absOffset, absOffset);
    const sub = new Parser(new Tokenizer(text.replace(/\n/g, " "), at.line - 1, at.column - 1), this.maxElements);
    sub.depth = this.depth;
    const e = sub.exprList();
    const t = sub.peek();
    if (t.type !== "eof" && t.type !== "newline") throw new PyError("SyntaxError", "f-string: invalid syntax", t);
    return e;
  }
}

/** Decodes the escapes of a non-raw string literal. */
function unescape(body: string, tok: Token | null, tz: Tokenizer): string {
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "r":
        out += "\r";
        break;
      case "0":
        out += "\0";
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "v":
        out += "\v";
        break;
      case "\\":
      case "'":
      case '"':
        out += n;
        break;
      case "\n":
        break;
      case "x":
      case "u":
      case "U": {
        const len = n === "x" ? 2 : n === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) {
          throw new PyError("SyntaxError", `(unicode error) truncated \\${n}${"X".repeat(len)} escape`, tok ?? undefined);
        }
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) {
          // Python's own words; String.fromCodePoint would throw a RangeError (once mistaken for recursion).
          throw new PyError("SyntaxError", `(unicode error) 'unicodeescape' codec can't decode bytes in position ${i - 1}-${i + len}: illegal Unicode character`, tok ?? undefined);
        }
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      default:
        out += "\\" + (n ?? "");
    }
  }
  void tz;
  return out;
}
