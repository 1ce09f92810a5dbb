// Expressions of the Python subset: operators by precedence, calls, subscripts, displays, comprehensions,
// lambdas and string literals (f-strings: strings.ts).
import type { Arg, Comprehension, Expr, FPart, Param } from "../ast";
import { PyError, type Span } from "../errors";
import { parseDecimal, Tokenizer, type Token } from "../tokenizer";
import { describe, join, KEYWORDS, TokenCursor } from "./cursor";
import { fstringParts, unescape } from "./strings";

const COMPARE = new Set(["<", ">", "==", ">=", "<=", "!=", "in", "not", "is"]);

/** Binary operator levels, loosest first: | ^ & shifts, arithmetic, terms. */
const BINARY_LEVELS: string[][] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]];

export class ExpressionParser extends TokenCursor {
  /** Parameters up to `closer` (')' for def, ':' for lambda): defaults, *args, keyword-only, **kwargs. */
  protected paramList(closer: string, annotations: boolean): Param[] {
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

  protected targetList(): Expr {
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
  protected exprList(allowStar = false): Expr {
    const first = allowStar && this.is("*") ? this.starred() : this.expr();
    if (!this.is(",")) return first;
    const items = [first];
    while (this.accept(",")) {
      if (this.atStatementEnd() || this.is("=") || this.is(")") || this.is(":")) break;
      items.push(allowStar && this.is("*") ? this.starred() : this.expr());
    }
    return { k: "tuple", span: join(first.span, items[items.length - 1].span), items };
  }

  protected starred(): Expr {
    const t = this.next();
    const value = this.orExpr();
    return { k: "starred", span: join(t, value.span), value };
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
    if (this.is("if")) {
      this.next();
      const test = this.orTest();
      this.expect("else", "'else' after conditional expression");
      const orelse = this.expr();
      out = { k: "ifexp", span: join(body.span, orelse.span), test, body, orelse };
    }
    this.depth--;
    return out;
  }

  protected orTest(): Expr {
    let left = this.andTest();
    while (this.is("or")) {
      this.next();
      const right = this.andTest();
      left = { k: "bool", span: join(left.span, right.span), op: "or", left, right };
    }
    return left;
  }

  protected andTest(): Expr {
    let left = this.notTest();
    while (this.is("and")) {
      this.next();
      const right = this.notTest();
      left = { k: "bool", span: join(left.span, right.span), op: "and", left, right };
    }
    return left;
  }

  protected notTest(): Expr {
    if (this.is("not")) {
      const t = this.next();
      this.enter(t);
      const operand = this.notTest();
      this.depth--;
      return { k: "unary", span: join(t, operand.span), op: "not", operand };
    }
    return this.comparison();
  }

  protected comparison(): Expr {
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
  protected binary(level: number): Expr {
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

  protected orExpr(): Expr {
    return this.binary(0);
  }

  protected factor(): Expr {
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

  protected power(): Expr {
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

  protected primary(): Expr {
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

  protected callArgs(): Arg[] {
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

  protected subscript(): Expr {
    const first = this.sliceItem();
    if (!this.is(",")) return first;
    const items = [first];
    while (this.accept(",")) {
      if (this.is("]")) break;
      items.push(this.sliceItem());
    }
    return { k: "tuple", span: join(first.span, items[items.length - 1].span), items };
  }

  protected sliceItem(): Expr {
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

  protected atom(): Expr {
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
  protected compFor(): Comprehension[] {
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

  protected prevSpan: Span | null = null;

  /** Consumes tokens up to and including the closer that matches an already-open bracket. */
  protected skipTo(closer: string): Token {
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

  /** The span of a list literal consumed by the fast path: from its "[" to the token after it. */
  protected fastSpan(open: Token): Span {
    const after = this.peek();
    // The literal ends at its "]": scan back over whitespace from the next token.
    let end = after.pos;
    const src = this.tz.src;
    while (end > open.pos && src[end - 1] !== "]") end--;
    return this.tz.span(open.pos, end);
  }

  protected strings(): Expr {
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
        parts.push(...fstringParts(body, t.pos + prefix.length + quoteLen, raw, this.tz, (text, at) => this.subExpr(text, at)));
      } else parts.push(raw ? body : unescape(body, t));
    }
    const span = join(first, last);
    if (!isF) return { k: "str", span, value: parts.join(""), bytes };
    return { k: "fstr", span, parts };
  }

  protected subExpr(text: string, absOffset: number): Expr {
    const at = this.tz.span(absOffset, absOffset);
    const sub = new ExpressionParser(new Tokenizer(text.replace(/\n/g, " "), at.line - 1, at.column - 1), this.maxElements);
    sub.depth = this.depth;
    const e = sub.exprList();
    const t = sub.peek();
    if (t.type !== "eof" && t.type !== "newline") throw new PyError("SyntaxError", "f-string: invalid syntax", t);
    return e;
  }
}
