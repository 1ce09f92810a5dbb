// Statements of the Python subset. A syntax error is recorded with its place and what was expected; parsing
// resumes at the next line so the rest of a selection still evaluates.
import type { Expr, Handler, Stmt } from "../ast";
import { deeperThan } from "../depth";
import { PyError, type Span } from "../errors";
import type { Token } from "../tokenizer";
import { describe, join, KEYWORDS } from "./cursor";
import { ExpressionParser } from "./expressions";

const AUG = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<="]);

export class Parser extends ExpressionParser {
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
          const test = this.expr();
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
    const test = this.expr();
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
            names.push({ module, alias, span: join(start, start) });
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

  private dottedName(): string {
    let s = this.name();
    while (this.accept(".")) s += "." + this.name();
    return s;
  }
}
