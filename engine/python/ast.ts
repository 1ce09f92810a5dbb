// The syntax tree of the Python subset. Every node carries its source span for located diagnostics.
import type { Span } from "./errors";

export type Expr =
  | { k: "num"; span: Span; value: number; isInt: boolean; imag?: boolean }
  | { k: "numlist"; span: Span; data: Float64Array; shape: number[]; allInt: boolean }
  | { k: "str"; span: Span; value: string; bytes?: boolean }
  | { k: "fstr"; span: Span; parts: FPart[] }
  | { k: "const"; span: Span; value: true | false | null | "..." }
  | { k: "name"; span: Span; id: string }
  | { k: "attr"; span: Span; obj: Expr; name: string }
  | { k: "call"; span: Span; func: Expr; args: Arg[] }
  | { k: "index"; span: Span; obj: Expr; index: Expr }
  | { k: "slice"; span: Span; lower: Expr | null; upper: Expr | null; step: Expr | null }
  | { k: "bin"; span: Span; op: string; left: Expr; right: Expr }
  | { k: "unary"; span: Span; op: string; operand: Expr }
  | { k: "bool"; span: Span; op: "and" | "or"; left: Expr; right: Expr }
  | { k: "compare"; span: Span; ops: string[]; operands: Expr[] }
  | { k: "ifexp"; span: Span; test: Expr; body: Expr; orelse: Expr }
  | { k: "list"; span: Span; items: Expr[] }
  | { k: "tuple"; span: Span; items: Expr[] }
  | { k: "dict"; span: Span; keys: Expr[]; values: Expr[] }
  | { k: "starred"; span: Span; value: Expr }
  | { k: "set"; span: Span; items: Expr[] }
  | { k: "lambda"; span: Span; params: Param[]; body: Expr }
  /** [elt for ...], {elt for ...}, {key: value for ...}, (elt for ...): generators run left to right. */
  | { k: "comp"; span: Span; kind: "list" | "set" | "dict" | "gen"; elt: Expr; value: Expr | null; generators: Comprehension[] }
  | { k: "unsupported"; span: Span; what: string };

export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Arg {
  name: string | null;
  value: Expr;
  /** *args / **kwargs at a call site. */
  star?: "*" | "**";
}

export type FPart = string | { expr: Expr; conv: string | null; spec: FPart[] | null; debugText?: string };

export type Stmt =
  | { k: "expr"; span: Span; value: Expr }
  | { k: "assign"; span: Span; targets: Expr[]; value: Expr }
  | { k: "augassign"; span: Span; target: Expr; op: string; value: Expr }
  | { k: "annassign"; span: Span; target: Expr; value: Expr | null }
  | { k: "import"; span: Span; names: { module: string; alias: string | null; span: Span }[] }
  | { k: "from"; span: Span; module: string; names: { name: string; alias: string | null; span: Span }[] }
  | { k: "if"; span: Span; test: Expr; body: Stmt[]; orelse: Stmt[] }
  | { k: "for"; span: Span; target: Expr; iter: Expr; body: Stmt[] }
  | { k: "while"; span: Span; test: Expr; body: Stmt[] }
  | { k: "with"; span: Span; items: { expr: Expr; alias: Expr | null }[]; body: Stmt[] }
  | { k: "def"; span: Span; name: string; params: Param[]; body: Stmt[]; decorators: Expr[] }
  | { k: "class"; span: Span; name: string; bases: Expr[]; body: Stmt[]; decorators: Expr[] }
  | { k: "try"; span: Span; body: Stmt[]; handlers: Handler[]; orelse: Stmt[]; finalbody: Stmt[] }
  | { k: "raise"; span: Span; exc: Expr | null; cause: Expr | null }
  | { k: "assert"; span: Span; test: Expr; msg: Expr | null }
  | { k: "del"; span: Span; targets: Expr[] }
  | { k: "global"; span: Span; names: string[] }
  | { k: "return"; span: Span; value: Expr | null }
  | { k: "pass"; span: Span }
  | { k: "break"; span: Span }
  | { k: "continue"; span: Span }
  | { k: "unsupported"; span: Span; what: string }
  | { k: "error"; span: Span; message: string };

export interface Param {
  name: string;
  default: Expr | null;
  star?: "*" | "**";
  /** After a bare `*` or `*args`: keyword-only. */
  kwOnly?: boolean;
}

export interface Handler {
  span: Span;
  /** The exception class expression (a name or a tuple of names); null for a bare `except:`. */
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}
