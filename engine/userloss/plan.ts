// How to plot a user loss from what the program gives: the sweep (over the error x - y, over a logit with its
// target held, or over the true class's logit), the held values and the slider values, read from the
// program's own call of the loss (`loss = charbonnier_loss(pred, target)`, `criterion = FocalLoss(gamma=3)`
// then `criterion(logits, labels)`): first sample of its tensors, literal keyword numbers.
import type { Expr, Stmt } from "../python/ast";
import { parse } from "../python/parser";
import { isTensor } from "../python/tensor";
import type { Value } from "../python/values";
import type { UserLossDef } from "./detect";
import type { SweepMode, SweepSetup } from "./sweep";

export interface PlotPlan extends SweepSetup {
  /** Slider values the program passes (keyword numbers at the call or the constructor). */
  values: Record<string, number>;
  /** 1-based line of the call the values came from, or null (defaults). */
  callLine: number | null;
  /** The x range that shows the program's own samples (null: the mode's default). */
  range: [number, number] | null;
}

/** Words in a loss's own text that tell which sweep fits it, when the program has no call to read. */
function modeFromText(text: string): SweepMode {
  // Binary first: binary_cross_entropy(_with_logits) also contains "cross_entropy".
  if (/sigmoid|binary_cross_entropy|logsigmoid|softplus/.test(text)) return "input";
  if (/log_softmax|cross_entropy|nll_loss|softmax|one_hot|gather/.test(text)) return "class";
  return "error";
}

export const DEFAULT_RANGE: Record<SweepMode, [number, number]> = { error: [-3, 3], input: [-6, 6], class: [-6, 6], margin: [-6, 6] };

function literal(e: Expr): number | null {
  if (e.k === "num" && !e.imag) return e.value;
  if (e.k === "unary" && e.op === "-" && e.operand.k === "num") return -e.operand.value;
  return null;
}

interface Call {
  line: number;
  args: Expr[];
  kw: Record<string, number>;
}

/** Every top-level call of the loss: `f(a, b, k=v)`, `crit(a, b)` with `crit = Cls(k=v)`, `Cls(k=v)(a, b)`. */
function callsOf(body: Stmt[], def: UserLossDef): (Call & { ctorKw: Record<string, number> })[] {
  const out: (Call & { ctorKw: Record<string, number> })[] = [];
  const instances = new Map<string, Record<string, number>>();
  const kwOf = (args: { name: string | null; value: Expr }[]) => {
    const kw: Record<string, number> = {};
    for (const a of args) {
      const v = a.name ? literal(a.value) : null;
      if (a.name && v !== null) kw[a.name] = v;
    }
    return kw;
  };
  const visit = (e: Expr, line: number) => {
    if (e.k !== "call") return;
    const f = e.func;
    const pos = e.args.filter((a) => !a.name && !a.star).map((a) => a.value);
    if (def.kind === "function" && f.k === "name" && f.id === def.name) out.push({ line, args: pos, kw: kwOf(e.args), ctorKw: {} });
    if (def.kind === "class" && f.k === "name" && instances.has(f.id)) out.push({ line, args: pos, kw: {}, ctorKw: instances.get(f.id) ?? {} });
    if (def.kind === "class" && f.k === "call" && f.func.k === "name" && f.func.id === def.name) out.push({ line, args: pos, kw: {}, ctorKw: kwOf(f.args) });
    for (const a of e.args) visit(a.value, line);
  };
  for (const s of body) {
    if (s.k === "assign" && s.value.k === "call" && s.value.func.k === "name" && s.value.func.id === def.name && def.kind === "class") {
      for (const t of s.targets) if (t.k === "name") instances.set(t.id, kwOf(s.value.args));
      continue;
    }
    if (s.k === "assign" || s.k === "expr") visit(s.value, s.span.line);
  }
  return out;
}

/** The plan for `def` in `source`; `lookup` reads the program's variables after it ran (LossSession.global). */
export function planPlot(def: UserLossDef, source: string, lookup: (name: string) => Value | undefined): PlotPlan {
  const text = source.split(/\r?\n/).slice(def.span.line - 1, def.span.endLine).join("\n");
  const plan: PlotPlan = { mode: modeFromText(text), target: 0, classes: 3, trueClass: 0, others: [0, 0], values: {}, callLine: null, range: null };
  if (plan.mode === "input") plan.target = 1;
  const call = callsOf(parse(source).body, def).find((c) => c.args.length >= 2);
  if (!call) return plan;
  plan.callLine = call.line;
  plan.values = { ...call.ctorKw, ...call.kw };
  const known = new Set(def.params.map((p) => p.name));
  for (const k of Object.keys(plan.values)) if (!known.has(k)) delete plan.values[k];
  const [a, b] = call.args.map((e) => (e.k === "name" ? lookup(e.id) : undefined));
  if (!a || !b || !isTensor(a) || !isTensor(b) || a.numel === 0 || b.numel === 0) return plan;
  if (b.dtype === "int64" && a.ndim >= 2) {
    // Class indices: the first sample's logits and target.
    const c = a.shape[a.ndim - 1];
    const k = b.data[0];
    if (c >= 2 && c <= 32 && Number.isInteger(k) && k >= 0 && k < c) {
      const row = Array.from(a.data.subarray(0, c));
      plan.mode = "class";
      plan.classes = c;
      plan.trueClass = k;
      plan.others = row.filter((_, j) => j !== k);
      plan.range = [Math.min(-6, row[k] - 2), Math.max(6, row[k] + 2)];
    }
    return plan;
  }
  if (plan.mode === "class") plan.mode = "error";
  plan.target = b.data[0];
  // The program's samples on the axis: errors a - b (or the inputs a), padded.
  const xs = Array.from(a.data.subarray(0, Math.min(a.numel, 10_000)), (v, i) => (plan.mode === "error" ? v - (b.data[i % b.numel] ?? 0) : v));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const [dlo, dhi] = DEFAULT_RANGE[plan.mode];
  if (Number.isFinite(lo) && Number.isFinite(hi)) plan.range = [Math.min(dlo, lo - 0.5), Math.max(dhi, hi + 0.5)];
  return plan;
}
