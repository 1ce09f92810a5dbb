// The selection evaluator: parse the Python subset, evaluate it against the engine, print as PyTorch would.
// Shared by the CLI (`loss-lens run`), the compute command and the playground.
import type { Engine } from "../api/types";
import { engineAs } from "../api/versions";
import { Budget, defaultMeasure, withBudget } from "./budget";
import { LimitError } from "./errors";
import { Interpreter } from "./interp";
import { parse } from "./parser";
import { dropRecycled, limits } from "./tensor";
import type { EvalOptions, EvalOutput } from "./types";
import type { Value } from "./values";

export type * from "./types";

export const DEFAULT_MAX_ELEMENTS = 10_000_000;
/** No statement count by default: the work budget (budget.ts) bounds loops by what they do. */
export const DEFAULT_MAX_STEPS = Infinity;

export function evaluate(source: string, engine: Engine, options: EvalOptions = {}): EvalOutput {
  return evaluateWithState(source, engine, options).output;
}

/** evaluate(), plus the final global variables (tests compare them with PyTorch's at full precision). */
export function evaluateWithState(source: string, given: Engine, options: EvalOptions = {}): { output: EvalOutput; globals: Map<string, Value> } {
  const engine = engineAs(given, options.pytorch);
  const maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  const previous = limits.maxElements;
  limits.maxElements = maxElements;
  const budget = new Budget({ maxWork: options.maxWork, maxMemoryMB: options.maxMemoryMB, isCancelled: options.isCancelled, measure: defaultMeasure() });
  let interp: Interpreter | undefined;
  try {
    return withBudget(budget, () => {
      const parsed = parse(source, { maxElements });
      interp = new Interpreter(engine, { maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS, isCancelled: options.isCancelled });
      for (const e of parsed.errors) {
        const s = e.span ?? { line: 1, column: 1, endLine: 1, endColumn: 2 };
        interp.diag(s, "error", e.text());
      }
      try {
        interp.run(parsed.body);
      } catch (e) {
        // Never a stack trace: a limit stops evaluation with its message; anything else is reported as ours.
        const s = (e instanceof LimitError && e.span) || budget.span || { line: 1, column: 1, endLine: 1, endColumn: 1 };
        interp.diag(s, "error", e instanceof LimitError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`);
      }
      return finish(interp);
    });
  } catch (e) {
    // evaluate() never throws: whatever escaped (a bug of ours) is one located diagnostic.
    const message = `internal error: ${(e as Error)?.message ?? String(e)}`;
    const d = { line: 1, column: 1, endLine: 1, endColumn: 1, severity: "error" as const, message };
    return { output: { results: interp?.results ?? [], diagnostics: [d], stdout: "" }, globals: interp?.globals ?? new Map() };
  } finally {
    limits.maxElements = previous;
    // Recycled tensor storage is this evaluation's: a long-lived worker does not keep it.
    dropRecycled();
  }
}

/** Printed output kept: past this, the rest is cut with a note (a print in a long loop must not fill memory). */
export const MAX_OUTPUT_CHARS = 4_000_000;

function finish(interp: Interpreter): { output: EvalOutput; globals: Map<string, Value> } {
  const diagnostics = interp.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  let stdout = "";
  let cut = false;
  for (const piece of interp.out) {
    if (stdout.length + piece.length > MAX_OUTPUT_CHARS) {
      stdout += piece.slice(0, MAX_OUTPUT_CHARS - stdout.length);
      cut = true;
      break;
    }
    stdout += piece;
  }
  if (cut) stdout += `\n[output truncated at ${MAX_OUTPUT_CHARS.toLocaleString("en-US")} characters]\n`;
  return { output: { results: interp.results, diagnostics, stdout }, globals: interp.globals };
}
