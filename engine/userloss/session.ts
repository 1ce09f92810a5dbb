// The evaluator entry the playground needs: run a program once (its imports, helpers, functions and classes),
// then call one of its losses many times with tensors we make, and read the value and the gradients.
// Thin on purpose: everything is the evaluator's own (parse, Interpreter.run / call, autograd's leafGrads).
import type { Engine } from "../api/types";
import { Budget, defaultMeasure, withBudget } from "../python/budget";
import type { Diagnostic } from "../python/types";
import { LimitError, PyError, Unsupported, type Span } from "../python/errors";
import { Interpreter } from "../python/interp";
import { parse } from "../python/parser";
import * as T from "../python/tensor";
import { isTensor, PTensor } from "../python/tensor";
import { float, int, typeName, type Args, type Value } from "../python/values";
import type { UserLossDef } from "./detect";

/** Steps one call may take (the program's own run gets the evaluator's default). */
const CALL_STEPS = 200_000;

/** The evaluator's default work and memory budgets (#16), a fresh one for the program's run and for each call:
 * a string or list bomb in the user's code is a MemoryError, never the host's out-of-memory abort. */
function freshBudget(): Budget {
  return new Budget({ measure: defaultMeasure() });
}

/** A Python error met while calling the loss, located in the user's source. */
export class CallError extends Error {
  constructor(
    message: string,
    readonly span: Span | null,
  ) {
    super(message);
  }
}

export type ParamValue = { value: number; isInt: boolean };

export class LossSession {
  private readonly globals: Map<string, Value>;
  /** The program's own diagnostics (errors only): a definition that failed to evaluate. */
  readonly errors: Diagnostic[];

  private constructor(
    private readonly engine: Engine,
    readonly def: UserLossDef,
    globals: Map<string, Value>,
    errors: Diagnostic[],
  ) {
    this.globals = globals;
    this.errors = errors;
  }

  /** Runs `source` once; the loss `def.name` must be defined by it. */
  static open(source: string, def: UserLossDef, engine: Engine): LossSession {
    return withBudget(freshBudget(), () => LossSession.run(source, def, engine));
  }

  private static run(source: string, def: UserLossDef, engine: Engine): LossSession {
    const parsed = parse(source);
    const interp = new Interpreter(engine, { maxSteps: 1_000_000 });
    const errors: Diagnostic[] = parsed.errors.map((e) => {
      const s = e.span ?? { line: 1, column: 1, endLine: 1, endColumn: 2 };
      return { ...s, severity: "error" as const, message: e.text() };
    });
    try {
      interp.run(parsed.body);
    } catch (e) {
      const s = (e instanceof LimitError && e.span) || { line: 1, column: 1, endLine: 1, endColumn: 2 };
      errors.push({ ...s, severity: "error", message: e instanceof Error ? e.message : String(e) });
    }
    // Errors inside the definition stop the plot; elsewhere (a call below it with its own mistake) they do not.
    const inside = (d: Diagnostic) => d.line >= def.span.line && d.line <= def.span.endLine;
    const fatal = (d: Diagnostic) => d.severity === "error" || d.message.startsWith("not supported by Loss Lens");
    for (const d of interp.diagnostics) if (fatal(d) && inside(d)) errors.push(d);
    return new LossSession(engine, def, interp.globals, errors);
  }

  /** What the program bound to `name` (for held values taken from the code: `x = torch.tensor(...)`). */
  global(name: string): Value | undefined {
    return this.globals.get(name);
  }

  /**
   * Calls the loss with `inputs` (function: `f(a, b, **params)`; class: `Cls(**params)(a, b)`), in a fresh
   * interpreter over the program's globals so every call has its own step budget.
   */
  call(inputs: PTensor[], params: Record<string, ParamValue>): PTensor {
    return withBudget(freshBudget(), () => this.callOnce(inputs, params));
  }

  private callOnce(inputs: PTensor[], params: Record<string, ParamValue>): PTensor {
    const interp = new Interpreter(this.engine, { maxSteps: CALL_STEPS });
    for (const [k, v] of this.globals) interp.globals.set(k, v);
    const target = this.globals.get(this.def.name);
    const at: Span = { line: this.def.line, column: 1, endLine: this.def.line, endColumn: 2 };
    if (!target || (!isTensor(target) && target.t === "unavailable")) {
      throw new CallError(`${this.def.name} could not be evaluated (see the diagnostics in the editor)`, at);
    }
    const kw = new Map<string, Value>();
    for (const [k, p] of Object.entries(params)) kw.set(k, p.isInt && Number.isInteger(p.value) ? int(p.value) : float(p.value));
    const args = (pos: Value[], kwargs: Map<string, Value>): Args => ({ pos, kw: kwargs, span: at, posSpans: pos.map(() => at), kwSpans: new Map([...kwargs.keys()].map((k) => [k, at])) });
    let out: Value;
    try {
      if (this.def.kind === "function") out = interp.call(target, args(inputs, kw));
      else out = interp.call(interp.call(target, args([], kw)), args(inputs, new Map()));
    } catch (e) {
      if (e instanceof PyError) throw new CallError(e.text(), e.span ?? null);
      if (e instanceof Unsupported) throw new CallError(`not supported by Loss Lens: ${e.message}`, e.span ?? null);
      if (e instanceof LimitError) throw new CallError(e.message, e.span ?? null);
      if (e instanceof RangeError) throw new CallError("RecursionError: maximum recursion depth exceeded", null);
      throw e;
    }
    if (!isTensor(out)) throw new CallError(`${this.def.name} returned ${typeName(out)}, not a tensor`, at);
    if (!out.isFloat) throw new CallError(`${this.def.name} returned a ${out.dtype} tensor`, at);
    return out;
  }
}

/** A float32 tensor from values, optionally a leaf that requires grad. */
export function tensor(dtype: "float32" | "float64" | "int64", shape: number[], values: ArrayLike<number>, grad = false): PTensor {
  const t = T.fromArray(dtype, shape, values);
  t.requiresGrad = grad;
  return t;
}

export { T };
