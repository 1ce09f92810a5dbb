// What the namespaces need from the interpreter.
import type { Engine } from "../../api/types";
import type { Span } from "../errors";
import type { LossOutcome } from "../lossbridge";
import type { MT19937 } from "../random";
import type { PTensor } from "../tensor";
import type { Args, Value } from "../values";

export interface Ctx {
  rng: MT19937;
  engine: Engine;
  warn(message: string, span: Span): void;
  /** A warning ATen gives once per process (TORCH_WARN_ONCE): once per evaluation (per key: one site's several texts). */
  warnOnce(message: string, span: Span, key?: string): void;
  /** A loss was computed at span (the statement decides whether it becomes a result). */
  onLoss(outcome: LossOutcome, span: Span): void;
  /** t.backward(): retainGraph keeps what the graph saved (retain_graph=True). */
  backward(t: PTensor, gradient: PTensor | undefined, retainGraph: boolean): void;
  /** Calls a Python value (a user function passed as an argument, e.g. a distance_function). */
  call(f: Value, args: Args): Value;
}
