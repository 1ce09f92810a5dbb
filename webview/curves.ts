// Curves through the engine: one engine call per curve (reduction='none', every x one batch element).
import type { Engine } from "../engine/api/types";
import type { LossRecord } from "../engine/catalog/types";
import { buildCurveCall, plotValue, type ParamValues, type PlotValues } from "./axes";

export const POINTS = 2000;

export interface Curve {
  loss: string;
  x: Float64Array;
  y: Float64Array;
  dy: Float64Array;
  /** PyTorch's message when the configuration is rejected (e.g. a non-positive delta). */
  error: string | null;
}

export function linspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = lo + step * i;
  return out;
}

/** The x grid of the primary loss's plot settings (swapped if given backwards). */
export function xGrid(primary: LossRecord, plot: PlotValues, n = POINTS): Float64Array {
  let lo = Number(plotValue(primary, plot, "xMin"));
  let hi = Number(plotValue(primary, plot, "xMax"));
  if (!(hi > lo)) [lo, hi] = hi < lo ? [hi, lo] : [lo, lo + 1];
  return linspace(lo, hi, n);
}

/** Evaluates loss and d loss / d x at `xs` in one engine call. */
export function evaluate(engine: Engine, record: LossRecord, params: ParamValues, plot: PlotValues, xs: Float64Array): Curve {
  const { call, dx } = buildCurveCall(record, params, plot, xs);
  try {
    const result = engine.compute(call);
    const per = result.perElement.data;
    // Copy out: the engine's arrays may be views of memory the next call reuses.
    const y = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) y[i] = per[i];
    return { loss: record.className, x: xs, y, dy: dx(result), error: null };
  } catch (e) {
    const nan = new Float64Array(xs.length).fill(NaN);
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { loss: record.className, x: xs, y: nan, dy: nan, error: message };
  }
}
