// A user loss and its gradient along one swept input, every point one sample of a single batched call.
//
// The loss sees a batch of N samples (sample i holds the swept value xs[i]) and usually reduces it to one
// number. Its per-sample values are read from the autograd graph: walking down from the output, the first
// tensors whose leading dimension is N (the "frontier", e.g. the element-wise loss before `.mean()`, or the
// log-probabilities F.nll_loss reads) hold one row per sample, and when the ops above them are linear
// (mean, sum, scaling, adding terms) sample i's contribution is Σ_e ∂L/∂F[i,e]·F[i,e]. A single-sample call
// at a few points fixes the batch normalisation (N for a mean, 1 for a sum) and checks the whole assumption;
// a loss that mixes samples (batch statistics, a nonlinearity after the mean, a built-in loss's own 'mean')
// fails that check and is evaluated point by point instead, and the result says so.
import type { PTensor } from "../python/tensor";
import { CallError, LossSession, T, tensor, type ParamValue } from "./session";

/** What varies: the error x - y, one input (a logit) with its target held, the true class's logit, or the margin z_true - z_rival. */
export type SweepMode = "error" | "input" | "class" | "margin";

export interface SweepSetup {
  mode: SweepMode;
  /** error: the target y (x = y + error); input: the target held beside the swept input. */
  target: number;
  /** class / margin: the number of classes, the true class, and the other classes' logits (in class order, true class
   *  skipped). margin: the first other class is the rival, at -x/2 while the true class is at +x/2. */
  classes: number;
  trueClass: number;
  others: number[];
}

export interface SweepResult {
  y: Float64Array;
  dy: Float64Array;
  /** One batched call (true) or one call per point (false, with the reason). */
  batched: boolean;
  reason: string | null;
  /** Milliseconds the evaluation took. */
  ms: number;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Where ∂L/∂x is read: column `col` of the swept tensor's rows of `width`; for a margin, (g[col] - g[rival]) / 2. */
interface GradAt {
  col: number;
  width: number;
  rival: number | null;
}

/** The inputs of one call for the points `xs` (a batch of xs.length samples), and where ∂L/∂x is read. */
function inputsFor(setup: SweepSetup, xs: ArrayLike<number>): { inputs: PTensor[]; swept: PTensor; at: GradAt } {
  const n = xs.length;
  if (setup.mode === "class" || setup.mode === "margin") {
    const c = Math.max(2, Math.round(setup.classes));
    const k = Math.min(Math.max(0, Math.round(setup.trueClass)), c - 1);
    const rival = setup.mode === "margin" ? (k === 0 ? 1 : 0) : null;
    const row = new Float64Array(c);
    for (let j = 0, o = 0; j < c; j++) row[j] = j === k ? 0 : (setup.others[o++] ?? 0);
    const logits = new Float32Array(n * c);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < c; j++) {
        logits[i * c + j] = j === k ? (rival === null ? xs[i] : xs[i] / 2) : j === rival ? -xs[i] / 2 : row[j];
      }
    }
    const swept = tensor("float32", [n, c], logits, true);
    return { inputs: [swept, tensor("int64", [n], new Array(n).fill(k))], swept, at: { col: k, width: c, rival } };
  }
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = setup.mode === "error" ? xs[i] + setup.target : xs[i];
  const swept = tensor("float32", [n], x, true);
  return { inputs: [swept, tensor("float32", [n], new Array(n).fill(setup.target))], swept, at: { col: 0, width: 1, rival: null } };
}

/** ∂L/∂x at each sample, from the swept tensor's gradient. */
function gradColumn(g: PTensor | undefined, n: number, { col, width, rival }: GradAt): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!g) out[i] = NaN;
    else out[i] = rival === null ? g.data[i * width + col] : (g.data[i * width + col] - g.data[i * width + rival]) / 2;
  }
  return out;
}

/** One sample: the loss and ∂L/∂x at a single point. */
export function pointValue(session: LossSession, setup: SweepSetup, params: Record<string, ParamValue>, x: number): { y: number; dy: number } {
  const { inputs, swept, at } = inputsFor(setup, [x]);
  const out = session.call(inputs, params);
  if (out.numel !== 1) throw new CallError(`${session.def.name} returned shape [${out.shape.join(", ")}] for one sample`, null);
  const y = out.data[0];
  const dy = out.requiresGrad ? gradColumn(T.leafGrads(out).get(swept), 1, at)[0] : 0;
  return { y, dy };
}

/** The frontier's per-sample contributions Σ_e ∂L/∂F[i,e]·F[i,e]: null when the output reaches no frontier. */
function perSample(out: PTensor, n: number): Float64Array | null {
  const frontier: PTensor[] = [];
  const seen = new Set<PTensor>();
  const stack = [out];
  while (stack.length) {
    const t = stack.pop() as PTensor;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t !== out && t.ndim >= 1 && t.shape[0] === n) frontier.push(t);
    else for (const i of t.gradFn?.inputs ?? []) if (i?.requiresGrad) stack.push(i);
  }
  if (!frontier.length) return null;
  // Cut the graph at the frontier (its tensors become leaves for one backward pass), then restore it.
  const saved = frontier.map((f) => f.gradFn);
  frontier.forEach((f) => (f.gradFn = null));
  let grads: Map<PTensor, PTensor>;
  try {
    grads = T.leafGrads(out);
  } finally {
    frontier.forEach((f, i) => (f.gradFn = saved[i]));
  }
  const u = new Float64Array(n);
  for (const f of frontier) {
    const g = grads.get(f);
    if (!g) continue;
    const w = f.numel / n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let e = 0; e < w; e++) s += g.data[i * w + e] * f.data[i * w + e];
      u[i] += s;
    }
  }
  return u;
}

const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b)) + 1e-6;

/** Sample positions checked against single-sample calls: spread over the sweep. */
function checkPoints(n: number): number[] {
  return [...new Set([Math.floor(n / 7), Math.floor(n / 2), Math.floor((5 * n) / 6)])].filter((i) => i >= 0 && i < n);
}

/** Evaluates the sweep batched, checked; point by point when the batch cannot stand for its samples. */
export function sweep(session: LossSession, setup: SweepSetup, params: Record<string, ParamValue>, xs: Float64Array): SweepResult {
  const t0 = now();
  const n = xs.length;
  // perSample reads tensors of the loss's graph after the call returned: their storage must not be recycled.
  const batched = n > 1 ? T.withoutRecycling(() => tryBatched(session, setup, params, xs)) : { reason: "one point" };
  if ("y" in batched) return { ...batched, batched: true, reason: null, ms: now() - t0 };
  const y = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = pointValue(session, setup, params, xs[i]);
    y[i] = p.y;
    dy[i] = p.dy;
  }
  return { y, dy, batched: false, reason: batched.reason, ms: now() - t0 };
}

function tryBatched(session: LossSession, setup: SweepSetup, params: Record<string, ParamValue>, xs: Float64Array): { y: Float64Array; dy: Float64Array } | { reason: string } {
  const n = xs.length;
  const { inputs, swept, at } = inputsFor(setup, xs);
  let out: PTensor;
  try {
    out = session.call(inputs, params);
  } catch (e) {
    // A batch the loss rejects (a shape it does not expect) may still work one sample at a time.
    if (e instanceof CallError) return { reason: `the batched call failed: ${e.message}` };
    throw e;
  }
  if (!out.requiresGrad) return { reason: "the loss does not depend on its input through autograd" };
  let u: Float64Array | null;
  let g: Float64Array;
  if (out.numel === n) {
    // One value per sample already (reduction='none'): the values are the output; ∂(Σ)/∂x_i is sample i's.
    u = Float64Array.from(out.data);
    g = gradColumn(T.leafGrads(out, undefined, true).get(swept), n, at);
  } else if (out.numel === 1) {
    u = perSample(out, n);
    if (!u) return { reason: "no per-sample tensor in the loss's graph" };
    g = gradColumn(T.leafGrads(out).get(swept), n, at);
  } else return { reason: `the loss returns shape [${out.shape.join(", ")}], neither a scalar nor one value per sample` };
  // The batch's normalisation and the check: single-sample calls at a few points.
  let r = NaN;
  const checks = checkPoints(n).map((i) => ({ i, ...pointValue(session, setup, params, xs[i]) }));
  for (const c of checks) {
    if (Number.isNaN(r) && Math.abs(u[c.i]) > 1e-12 && Number.isFinite(c.y)) r = c.y / u[c.i];
    else if (Number.isNaN(r) && Math.abs(g[c.i]) > 1e-12 && Number.isFinite(c.dy)) r = c.dy / g[c.i];
  }
  if (Number.isNaN(r)) r = out.numel === n ? 1 : n;
  const y = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = r * u[i];
    dy[i] = r * g[i];
  }
  for (const c of checks) {
    if (!close(y[c.i], c.y) || !close(dy[c.i], c.dy)) {
      return { reason: `samples interact in the batch (at x = ${xs[c.i].toPrecision(4)}: batched ${y[c.i].toPrecision(6)}, alone ${c.y.toPrecision(6)})` };
    }
    // The checked points are exact single-sample values: use them.
    y[c.i] = c.y;
    dy[c.i] = c.dy;
  }
  return { y, dy };
}
