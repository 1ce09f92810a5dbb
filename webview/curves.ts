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

/**
 * Curves kept from one frame to the next: while one slider moves, the curves it does not change (the built-ins
 * beside a user loss, the kept curves, the other overlaid losses) are evaluated once, not once per frame.
 * Keyed by everything a curve depends on; holds only what the last frame drew.
 */
export class CurveMemo {
  private last = new Map<string, Curve>();
  private next = new Map<string, Curve>();

  get(key: string, make: () => Curve): Curve {
    const c = this.next.get(key) ?? this.last.get(key) ?? make();
    this.next.set(key, c);
    return c;
  }

  /** After a frame's curves: forgets the ones it did not use. */
  endFrame(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

/** A memo key for a curve on the grid `xs` (a linspace: its ends and length name it). */
export const curveKey = (xs: Float64Array, ...parts: unknown[]): string => JSON.stringify([xs[0], xs[xs.length - 1], xs.length, ...parts]);

/** `evaluate`, through `memo` when one is given (a failed configuration is remembered too: same inputs, same error). */
export function evaluateMemo(memo: CurveMemo | undefined, engine: Engine, record: LossRecord, params: ParamValues, plot: PlotValues, xs: Float64Array): Curve {
  if (!memo) return evaluate(engine, record, params, plot, xs);
  // The version is part of the key: after the host's version changes, the same configuration answers differently.
  return memo.get(curveKey(xs, engine.pytorch, record.className, params, plot), () => evaluate(engine, record, params, plot, xs));
}
