// The page's state: which losses are plotted, the user's parameter values and plot settings. Pure functions,
// so the browser test and the page agree on what a state means.
import { catalog, getLoss } from "../engine/catalog";
import { plotAxis } from "../engine/catalog/plotAxes";
import type { LossRecord } from "../engine/catalog/types";
import { caseSettings, caseXs, controlledParams, paramDefault, type ParamValues } from "./axes";
import type { OpenRequest, PlaygroundState } from "./protocol";

/** The seed notes' comparison: the four regression losses on one chart. */
export const DEFAULT_LOSSES = ["L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss"];

export function defaultState(): PlaygroundState {
  return { v: 1, losses: DEFAULT_LOSSES.filter((n) => getLoss(n)), params: {}, plot: {}, view: "both", case: null };
}

/** Losses that can share a chart: same axis construction, same inputs and the same x. */
export function overlayKey(r: LossRecord): string {
  return [plotAxis(r).axis, r.inputs.map((i) => i.meaning).join(","), r.plot.x.en].join("|");
}

export function overlayCandidates(primary: LossRecord): LossRecord[] {
  const key = overlayKey(primary);
  return catalog.filter((r) => r !== primary && !r.aliasOf && !r.plotAs && overlayKey(r) === key);
}

/** The losses the page offers to pick: those drawn as another's curve (plotAs) are opened by name only. */
export function pickable(): LossRecord[] {
  return catalog.filter((r) => !r.plotAs);
}

/** The loss whose curve the page draws for `record` (itself, or its plotAs: LinearCrossEntropyLoss -> CrossEntropyLoss). */
export function drawnAs(record: LossRecord): LossRecord {
  return (record.plotAs && getLoss(record.plotAs)) || record;
}

/** Drops unknown or incompatible losses so a stale saved state can never break the page. */
export function sanitize(state: PlaygroundState): PlaygroundState {
  // A user loss: the built-ins beside it only need to exist.
  if (state.user) return { ...state, losses: [...new Set(state.losses.filter((n) => getLoss(n)))], case: null };
  const asked = getLoss(state.losses[0]);
  if (!asked) return defaultState();
  const primary = drawnAs(asked);
  // `via` names the loss opened when its curve is another's; it holds only while that curve leads.
  const viaRecord = state.via ? getLoss(state.via) : undefined;
  const via = asked !== primary ? asked.className : viaRecord && drawnAs(viaRecord) === primary ? viaRecord.className : null;
  const key = overlayKey(primary);
  const losses = [primary.className, ...state.losses.slice(1).filter((n) => {
    const r = getLoss(n);
    return r && overlayKey(r) === key && n !== primary.className;
  })];
  return { ...state, losses: [...new Set(losses)], via };
}

/** The values the engine gets for one loss: defaults with the user's changes on top. */
export function paramValues(state: PlaygroundState, record: LossRecord): ParamValues {
  const out: ParamValues = {};
  const own = state.params[record.className] ?? {};
  for (const p of controlledParams(record)) out[p.name] = own[p.name] ?? paramDefault(p);
  return out;
}

/** Applies the command's request: a loss by name and/or a computed case. */
export function applyOpen(state: PlaygroundState, open: OpenRequest, log: (m: string) => void): PlaygroundState {
  if (open.user) {
    const { plot, compare, ...user } = open.user;
    return { ...state, losses: compare.filter((n) => getLoss(n)), plot, case: null, user };
  }
  const name = open.case?.loss ?? open.loss;
  if (!name) return state;
  const asked = getLoss(name);
  if (!asked) {
    log(`no loss named ${name} in the catalog`);
    return state;
  }
  // A loss drawn as another's curve: that loss, and no case (its computed inputs are the other loss's features).
  const record = drawnAs(asked);
  const next: PlaygroundState = { ...state, losses: [record.className], plot: {}, case: null, user: null, via: asked === record ? null : asked.className };
  if (open.case && open.case.loss === record.className) {
    const c = open.case;
    const params: Record<string, number | boolean> = {};
    for (const p of controlledParams(record)) {
      const v = c.options[p.name];
      if ((typeof v === "number" && p.kind !== "tensor") || typeof v === "boolean") params[p.name] = v;
    }
    next.params = { ...state.params, [record.className]: params };
    next.case = c;
    next.plot = { ...caseSettings(record, c) };
    const xs = caseXs(record, c);
    // (Not for probabilities: PyTorch rejects values outside [0, 1].)
    if (xs && xs.length && record.inputs[0]?.meaning !== "probabilities") {
      // Widen the x range so every element of the case is on the chart.
      let [lo, hi] = record.plot.range;
      for (const x of xs) {
        if (Number.isFinite(x)) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      const pad = (hi - lo) * 0.05;
      if (lo < record.plot.range[0]) next.plot.xMin = lo - pad;
      if (hi > record.plot.range[1]) next.plot.xMax = hi + pad;
    }
  }
  return next;
}
