// A loss the user wrote: `loss = criterion(logits, target)` where criterion is an instance of their own
// nn.Module class, or `loss = focal_loss(x, y)` calling their own def. It becomes a result like a built-in loss's
// (product.md's `results`), with `loss` the user's class or function name and `own` saying which it is.
// Recognised by what the statement is and what it produced, never by running anything twice:
//   - a plain assignment to one name of a call whose callee is a user function, an instance of a user
//     nn.Module subclass, or an inline `UserClass(...)(...)`;
//   - a name in it reads as a loss (the target, the criterion variable, the class or function: see lossLike);
//   - the value is a floating tensor with a grad_fn (what backward() can start from).
import type { Tensor } from "../api/types";
import type { Expr, Stmt } from "./ast";
import { lossLike } from "./ownname";
import * as T from "./tensor";
import { isTensor } from "./tensor";
import type { LossEvaluation } from "./types";
import { isModuleClass, type Value } from "./values";

/** The user callable a call expression invokes, if it is one: its name and kind, and the variable it is read from. */
export function ownCallee(func: Expr, lookup: (name: string) => Value | undefined): { name: string; kind: "class" | "function"; variable: string | null } | null {
  if (func.k === "name") {
    const v = lookup(func.id);
    if (!v || isTensor(v)) return null;
    if (v.t === "function") return { name: v.name, kind: "function", variable: func.id };
    if (v.t === "instance" && isModuleClass(v.cls)) return { name: v.cls.name, kind: "class", variable: func.id };
    return null;
  }
  // FocalLoss(gamma=2)(x, y)
  if (func.k === "call" && func.func.k === "name") {
    const v = lookup(func.func.id);
    if (v && !isTensor(v) && v.t === "class" && isModuleClass(v)) return { name: v.name, kind: "class", variable: null };
  }
  return null;
}

/**
 * A block statement's (for, while, with, if, try) last user-loss assignment, as it stands after the block ran: a
 * training loop's `loss = criterion(model(x), y)` is the loop's result (its last iteration), not a built-in loss
 * called inside the user's loss. Null when the block holds none.
 */
export function ownLossInBlock(s: Stmt, globals: Map<string, Value>): LossEvaluation | null {
  const bodies =
    s.k === "for" || s.k === "while" || s.k === "with" ? [s.body] : s.k === "if" ? [s.body, s.orelse] : s.k === "try" ? [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.finalbody] : [];
  for (const body of bodies.reverse()) {
    for (let i = body.length - 1; i >= 0; i--) {
      const r = ownLossResult(body[i], globals) ?? ownLossInBlock(body[i], globals);
      if (r) return r;
    }
  }
  return null;
}

/** The result of statement `s` when it computed a user's loss (run after the statement), else null. */
export function ownLossResult(s: Stmt, globals: Map<string, Value>): LossEvaluation | null {
  if (s.k !== "assign" || s.targets.length !== 1 || s.targets[0].k !== "name" || s.value.k !== "call") return null;
  const target = s.targets[0].id;
  const callee = ownCallee(s.value.func, (n) => globals.get(n));
  if (!callee || ![target, callee.name, callee.variable ?? ""].some(lossLike)) return null;
  const value = globals.get(target);
  if (!value || !isTensor(value) || !value.isFloat || !value.gradFn) return null;
  // No prototype: a variable named __proto__ or constructor is a key like any other.
  const grads: Record<string, Tensor> = Object.create(null) as Record<string, Tensor>;
  let leaves: Map<T.PTensor, T.PTensor>;
  try {
    leaves = T.leafGrads(value, undefined, true);
  } catch {
    // A backward the evaluator lacks: the value stands; its gradients are left out rather than guessed.
    leaves = new Map();
  }
  for (const [name, v] of globals) if (isTensor(v) && leaves.has(v)) grads[name] = leaves.get(v) as Tensor;
  return {
    line: s.span.line,
    column: s.span.column,
    endLine: s.span.endLine,
    endColumn: s.span.endColumn,
    target,
    loss: callee.name,
    own: callee.kind,
    options: {},
    value: value as Tensor,
    // The user's code decides what a per-element loss is; its value is all that is known.
    perElement: value as Tensor,
    grads,
    inputs: [],
    random: value.random,
  };
}
