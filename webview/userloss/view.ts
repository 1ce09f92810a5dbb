// A user loss on the charts: its curve and gradient at the slider values, the kept curves at other values, and
// the built-in losses it resembles, all on one x grid. Pure apart from the evaluator it is handed.
import type { Engine } from "../../engine/api/types";
import { getLoss } from "../../engine/catalog";
import type { SweepSetup } from "../../engine/userloss/sweep";
import { curveKey, evaluateMemo, linspace, type Curve, type CurveMemo } from "../curves";
import type { PlaygroundState, UserPlotState, UserSweepMode } from "../protocol";
import { paramValues } from "../state";
import type { Opened } from "./api";

/** Points of a user curve: what a slider drag redraws within a frame (the built-in curves use 2,000). */
export const USER_POINTS = 500;

/** The built-in losses a user loss is compared with, by sweep: the ones it usually generalises. */
export const COMPARE: Record<UserSweepMode, string[]> = {
  error: ["L1Loss", "SmoothL1Loss", "MSELoss", "HuberLoss"],
  input: ["BCEWithLogitsLoss", "SoftMarginLoss"],
  class: ["CrossEntropyLoss", "MultiMarginLoss"],
  margin: [],
};

/** Shown beside it when first opened. */
export const COMPARE_DEFAULT: Record<UserSweepMode, string[]> = {
  error: ["L1Loss", "SmoothL1Loss"],
  input: ["BCEWithLogitsLoss"],
  class: ["CrossEntropyLoss"],
  // The built-ins are drawn over a logit, not a margin: nothing shares this axis.
  margin: [],
};

export const USER_RANGE: Record<UserSweepMode, [number, number]> = { error: [-3, 3], input: [-6, 6], class: [-6, 6], margin: [-6, 6] };

const numberAt = (plot: PlaygroundState["plot"], key: string, fallback: number): number => {
  const v = plot[key];
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
};

export function userOthers(plot: PlaygroundState["plot"]): number[] {
  const v = plot.others;
  return Array.isArray(v) && v.length >= 1 ? v : [0, 0];
}

/** The sweep's held inputs from the plot settings. */
export function sweepSetup(user: UserPlotState, plot: PlaygroundState["plot"]): SweepSetup {
  const others = userOthers(plot);
  return {
    mode: user.mode,
    target: numberAt(plot, "target", user.mode === "input" ? 1 : 0),
    classes: others.length + 1,
    trueClass: Math.min(Math.max(0, Math.round(numberAt(plot, "trueClass", 0))), others.length),
    others,
  };
}

export function userGrid(user: UserPlotState, plot: PlaygroundState["plot"]): Float64Array {
  const [dlo, dhi] = USER_RANGE[user.mode];
  let lo = numberAt(plot, "xMin", dlo);
  let hi = numberAt(plot, "xMax", dhi);
  if (!(hi > lo)) [lo, hi] = hi < lo ? [hi, lo] : [lo, lo + 1];
  return linspace(lo, hi, USER_POINTS);
}

/** `eps=0.1, gamma=2`: the values that differ from the defaults (for labels and the Python copy). */
export function valuesText(opened: Extract<Opened, { ok: true }> | null, values: Record<string, number>): string {
  const parts = Object.entries(values)
    .filter(([k, v]) => !opened || opened.params.some((p) => p.name === k && p.default !== v))
    .map(([k, v]) => `${k}=${Number(v.toPrecision(6))}`);
  return parts.join(", ");
}

export interface UserCurves {
  curves: Curve[];
  /** Why the live curve was evaluated point by point, or null when batched. */
  pointByPoint: string | null;
  /** An error of the user's code at these values (the caller keeps the last good curves). */
  error: { message: string; line: number | null } | null;
  /** Milliseconds of the live curve's evaluation. */
  ms: number;
}

/**
 * Every curve of the chart: the live one, the kept ones, the built-ins. With `memo` (one per evaluated program),
 * the kept curves and the built-ins are reused while their inputs stay: a drag of the loss's own slider
 * evaluates only the live curve.
 */
export function userCurves(engine: Engine, opened: Extract<Opened, { ok: true }>, state: PlaygroundState & { user: UserPlotState }, memo?: CurveMemo): UserCurves {
  const user = state.user;
  const xs = userGrid(user, state.plot);
  const setup = sweepSetup(user, state.plot);
  const curves: Curve[] = [];
  let pointByPoint: string | null = null;
  let ms = 0;
  const run = (label: string, values: Record<string, number>) => {
    const r = opened.sweep(setup, values, xs);
    const curve: Curve = { loss: label, x: xs, y: r.y, dy: r.dy, error: null };
    return { r, curve };
  };
  try {
    const live = run(user.loss.name, user.values);
    curves.push(live.curve);
    pointByPoint = live.r.batched ? null : live.r.reason;
    ms = live.r.ms;
    for (const values of user.pinned) {
      const label = `${user.loss.name} (${valuesText(opened, values) || "defaults"})`;
      curves.push(memo ? memo.get(curveKey(xs, "kept", label, values, setup), () => run(label, values).curve) : run(label, values).curve);
    }
  } catch (e) {
    const line = (e as { line?: unknown }).line;
    return { curves: [], pointByPoint, error: { message: e instanceof Error ? e.message : String(e), line: typeof line === "number" ? line : null }, ms };
  }
  for (const name of state.losses) {
    const record = getLoss(name);
    if (record) curves.push(evaluateMemo(memo, engine, record, paramValues(state, record), state.plot, xs));
  }
  return { curves, pointByPoint, error: null, ms };
}
