// What the linter knows about a value: an abstraction of Python values just rich enough for the loss rules.
// Anything it cannot show is `unknown`, and rules stay silent on unknown.
import type { Expr, Stmt, Param } from "../python/ast";
import type { LossRecord } from "../catalog";

/** Where a tensor's numbers come from, as far as the code shows. */
export type Kind =
  | "softmax" // probabilities over a dimension (softmax)
  | "sigmoid" // probabilities per element (sigmoid)
  | "log" // log-space: log_softmax, .log(), torch.log(...)
  | "raw" // unbounded scores straight from nn.Linear
  | "other";

export interface TensorV {
  t: "tensor";
  kind: Kind;
  /** The call that made `kind` (softmax / sigmoid / Linear): what a quick fix edits. */
  via?: Expr;
  dtype?: "float" | "int";
  /** Known dimensions (null: unknown size); undefined: rank unknown. */
  shape?: (number | null)[];
  /** Integer class indices (argmax, randint of a vector, integer literals), whatever dtype they were cast to. */
  indices?: boolean;
  /** Targets smoothed by hand: `y * (1 - eps) + eps / C`. */
  smoothed?: boolean;
  /** The smallest and largest value of a literal (torch.tensor([1.0, -1.0])), kept while only its type or view changes. */
  range?: [number, number];
}

export interface FuncInfo {
  name: string;
  params: Param[];
  body: Stmt[];
  /** Where it was defined: its free names resolve there (a live scope, so module names defined later count). */
  scope: Scope;
  cls?: ClassInfo;
  node: Stmt;
}

export interface ClassInfo {
  name: string;
  bases: V[];
  methods: Map<string, FuncInfo>;
  /** self.X assignments (from __init__ first) and class-level names. */
  attrs: Map<string, V>;
  attrsBuilt: boolean;
  forwardMemo?: V;
}

export type V =
  | { t: "unknown" }
  | TensorV
  | { t: "ref"; path: string } // a torch module or member: "torch.nn.functional.softmax"
  | { t: "layer"; layer: "softmax" | "sigmoid" | "log_softmax" | "linear" | "pass"; outFeatures?: number; via: Expr }
  | { t: "seq"; layers: V[] }
  | { t: "loss"; rec: LossRecord; ctor: Expr | null; call: Extract<Expr, { k: "call" }> | null }
  | { t: "lossfn"; rec: LossRecord }
  | { t: "func"; fn: FuncInfo }
  | { t: "class"; cls: ClassInfo }
  | { t: "instance"; cls: ClassInfo }
  | { t: "self"; cls: ClassInfo }
  | { t: "method"; obj: V; name: string }
  | { t: "tuple"; items: V[] }
  /** Instances of different module classes chosen at run time: a call is the join of their forwards. */
  | { t: "alts"; items: V[] };

export const UNKNOWN: V = { t: "unknown" };

export function tensor(kind: Kind, extra: Partial<TensorV> = {}): TensorV {
  return { t: "tensor", kind, ...extra };
}

export interface Scope {
  vars: Map<string, V>;
  parent: Scope | null;
  /** Inside a method: the class `self` is. */
  cls?: ClassInfo;
  /** Inside a function: the values of its `return` statements. */
  returns?: V[];
}

function sameShape(a?: (number | null)[], b?: (number | null)[]): (number | null)[] | undefined {
  if (!a || !b || a.length !== b.length) return undefined;
  return a.map((d, i) => (d === b[i] ? d : null));
}

/** The value a name has after two branches: only what both agree on survives. */
export function join(a: V | undefined, b: V | undefined): V {
  if (!a) return b ?? UNKNOWN;
  if (!b || a === b) return a;
  if (a.t !== b.t) return UNKNOWN;
  switch (a.t) {
    case "tensor": {
      const bt = b as TensorV;
      const out: TensorV = { t: "tensor", kind: a.kind === bt.kind ? a.kind : "other" };
      if (a.kind === bt.kind && a.via === bt.via) out.via = a.via;
      if (a.dtype === bt.dtype) out.dtype = a.dtype;
      const shape = sameShape(a.shape, bt.shape);
      if (shape) out.shape = shape;
      if (a.indices && bt.indices) out.indices = true;
      if (a.smoothed && bt.smoothed) out.smoothed = true;
      if (a.range && bt.range && a.range[0] === bt.range[0] && a.range[1] === bt.range[1]) out.range = a.range;
      return out;
    }
    case "ref":
      return a.path === (b as typeof a).path ? a : UNKNOWN;
    case "loss": {
      const bl = b as typeof a;
      if (a.rec !== bl.rec) return UNKNOWN;
      return a.ctor === bl.ctor ? a : { t: "loss", rec: a.rec, ctor: null, call: null };
    }
    case "lossfn":
      return a.rec === (b as typeof a).rec ? a : UNKNOWN;
    case "func":
      return a.fn === (b as typeof a).fn ? a : UNKNOWN;
    case "instance":
      return a.cls === (b as typeof a).cls ? a : { t: "alts", items: [a, b] };
    case "class":
    case "self":
      return a.cls === (b as typeof a).cls ? a : UNKNOWN;
    case "tuple": {
      const bt = b as typeof a;
      if (a.items.length !== bt.items.length) return UNKNOWN;
      return { t: "tuple", items: a.items.map((x, i) => join(x, bt.items[i])) };
    }
    default:
      return UNKNOWN;
  }
}
