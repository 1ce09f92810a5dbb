// The editor's check of a user loss before and while it is plotted: the definition, the plot the program implies,
// and the first error (from running the program, or from a few points of the sweep, which shows errors only a call
// has: a NameError in the body, a shape). Plain data in and out, so it runs in the compute worker.
import type { Engine } from "../api/types";
import { findUserLosses } from "./detect";
import { paramValues } from "./params";
import { DEFAULT_RANGE, planPlot, type PlotPlan } from "./plan";
import { CallError, LossSession } from "./session";
import { sweep } from "./sweep";

export interface CheckError {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type UserLossCheck =
  | { found: false }
  | { found: true; line: number; endLine: number; plan: PlotPlan; error: CheckError | null };

export function checkUserLoss(source: string, name: string, engine: Engine): UserLossCheck {
  const def = findUserLosses(source).find((d) => d.name === name);
  if (!def) return { found: false };
  const session = LossSession.open(source, def, engine);
  const plan = planPlot(def, source, (n) => session.global(n));
  let error: CheckError | null = session.errors[0] ?? null;
  if (!error) {
    try {
      const [lo, hi] = plan.range ?? DEFAULT_RANGE[plan.mode];
      sweep(session, plan, paramValues(def, plan.values), Float64Array.from([lo, (lo + hi) / 2, hi]));
    } catch (e) {
      if (!(e instanceof CallError)) throw e;
      const s = e.span ?? { line: def.line, column: 1, endLine: def.line, endColumn: 1 };
      error = { ...s, message: e.message };
    }
  }
  return { found: true, line: def.line, endLine: def.span.endLine, plan, error: error && { message: error.message, line: error.line, column: error.column, endLine: error.endLine, endColumn: error.endColumn } };
}
