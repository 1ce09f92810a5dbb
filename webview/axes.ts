// How a plot's x values become one engine call: every x is one batch element, the loss is computed with
// reduction='none', so a whole curve (2,000 points) costs one call and d loss / d x is read from the gradient
// of the input x sits in. The axis kinds are described in engine/catalog/types.ts (PlotAxis); everything
// PyTorch-specific (parameters, defaults, x text, range, fixed inputs) comes from the catalog record.
import type { LossCall, LossResult, OptionValue, Tensor } from "../engine/api/types";
import { plotAxis } from "../engine/catalog/plotAxes";
import type { InputSpec, LossRecord, ParamSpec, PlotAxis } from "../engine/catalog/types";
import { wireValues, type WireCase } from "./protocol";
import { fill, strings, type Strings } from "./strings";

/** A plot-only control (not a PyTorch parameter): held input values, class layout, x range. */
export interface PlotSetting {
  key: string;
  label: string;
  kind: "range" | "pm1" | "int" | "list" | "number";
  min?: number;
  max?: number;
  step?: number;
  default: number | number[];
}

export type PlotValues = Record<string, number | number[]>;
/** Parameter values by name: catalog defaults overridden by the user's. Tensor params are a scalar weight. */
export type ParamValues = Record<string, number | boolean | string | null>;

export interface CurveCall {
  call: LossCall;
  /** d loss_i / d x_i for every point, from the engine's gradients. */
  dx(result: LossResult): Float64Array;
}

/** Parameters that get a control: the catalog's plot.controls, in the record's parameter order. */
export function controlledParams(record: LossRecord): ParamSpec[] {
  return record.params.filter((p) => record.plot.controls.includes(p.name));
}

/** A tensor parameter (weight, pos_weight) is shown as one scalar; None behaves as 1. */
export function paramDefault(p: ParamSpec): number | boolean {
  if (p.kind === "tensor") return 1;
  if (typeof p.default === "number" || typeof p.default === "boolean") return p.default;
  return 0;
}

function settingFor(input: InputSpec, value: number, t: Strings): PlotSetting {
  const label = fill(t.held, input.name);
  switch (input.meaning) {
    case "labels-pm1":
      return { key: input.name, label, kind: "pm1", default: value };
    case "labels-01":
    case "probabilities":
    case "class-probabilities":
      return { key: input.name, label, kind: "range", min: 0, max: 1, step: 0.01, default: value };
    case "variance":
      return { key: input.name, label, kind: "range", min: 0.01, max: 5, step: 0.01, default: value };
    default:
      return { key: input.name, label, kind: "range", min: Math.min(-5, value), max: Math.max(10, value), step: 0.1, default: value };
  }
}

/** The plot-only controls of a loss (the primary one: overlays share them). */
export function plotSettings(record: LossRecord, t: Strings = strings("en")): PlotSetting[] {
  const [lo, hi] = record.plot.range;
  const width = hi - lo;
  const out: PlotSetting[] = [
    { key: "xMin", label: t.xFrom, kind: "number", step: width / 20, default: lo },
    { key: "xMax", label: t.xTo, kind: "number", step: width / 20, default: hi },
  ];
  const { axis, classes } = plotAxis(record);
  for (const [name, value] of Object.entries(record.plot.fixed ?? {})) {
    const input = record.inputs.find((i) => i.name === name);
    if (input) out.push(settingFor(input, value, t));
  }
  if (axis === "class-score") {
    const c = classes ?? 3;
    out.push({ key: "trueClass", label: t.targetClass, kind: "int", min: 0, max: c - 1, step: 1, default: 0 });
    out.push({ key: "others", label: t.otherScores, kind: "list", default: new Array(c - 1).fill(0) });
  }
  if (axis === "ctc") out.push({ key: "steps", label: t.timeSteps, kind: "int", min: 1, max: 8, step: 1, default: 3 });
  return out;
}

/**
 * The x axis title: the catalog's variable, then the values held fixed right now (the user can change them, so
 * they are read from the plot settings, never written into the catalog's label).
 */
export function axisTitle(record: LossRecord, values: PlotValues, t: Strings, lang: "en" | "zh-cn"): string {
  const held = plotSettings(record, t)
    .filter((s) => s.key !== "xMin" && s.key !== "xMax" && s.key !== "steps")
    .map((s) => {
      const v = plotValue(record, values, s.key);
      const name = s.key === "trueClass" ? t.targetClass : s.key === "others" ? t.otherScores : s.key;
      return `${name} = ${Array.isArray(v) ? v.join(", ") : v}`;
    });
  const x = record.plot.x[lang];
  if (!held.length) return x;
  return lang === "zh-cn" ? `${x}（${held.join("，")}）` : `${x} (${held.join("; ")})`;
}

export function plotValue(record: LossRecord, values: PlotValues, key: string): number | number[] {
  const v = values[key];
  const s = plotSettings(record).find((x) => x.key === key);
  if (v !== undefined && (s === undefined || Array.isArray(v) === Array.isArray(s.default))) return v;
  if (!s) throw new Error(`no plot setting ${key} for ${record.className}`);
  return s.default;
}

const num = (v: number | number[]) => (Array.isArray(v) ? (v[0] ?? 0) : v);

// ---- tensors ------------------------------------------------------------------------------------------

type DT = "float32" | "float64";

function filled(dtype: DT, shape: number[], value: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  data.fill(value);
  return { dtype, shape, data };
}

function fromValues(dtype: DT | "int64", shape: number[], values: ArrayLike<number>): Tensor {
  const data = dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values);
  return { dtype, shape, data };
}

const int64 = (shape: number[], value: number) => ({ ...filled("float64", shape, value), dtype: "int64" as const });

// ---- options ------------------------------------------------------------------------------------------

/** The call's options: reduction='none' plus every controlled parameter's value (tensors built to fit). */
function options(record: LossRecord, params: ParamValues, weightTensor: (w: number) => Tensor): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = { reduction: "none" };
  for (const p of controlledParams(record)) {
    const v = params[p.name] ?? paramDefault(p);
    if (p.kind === "tensor") {
      if (typeof v === "number" && v !== 1) out[p.name] = weightTensor(v);
    } else if (v !== null) out[p.name] = v;
  }
  return out;
}

// ---- the builders -------------------------------------------------------------------------------------

/** One engine call for the whole curve. */
export function buildCurveCall(record: LossRecord, params: ParamValues, plot: PlotValues, xs: Float64Array): CurveCall {
  const { axis, classes } = plotAxis(record);
  const n = xs.length;
  const held = (name: string, fallback = 0) => {
    const v = record.plot.fixed?.[name] === undefined ? fallback : num(plotValue(record, plot, name));
    // KLDivLoss with log_target=True reads the target as a log-probability: the control stays a probability.
    const input = record.inputs.find((i) => i.name === name);
    if (input?.altMeaning === "log-probabilities" && params.log_target === true) return Math.log(v);
    return v;
  };
  const restFrom = (first: number, dtype: DT, shape: number[]) =>
    record.inputs.slice(first).filter((i) => !i.optional || record.plot.fixed?.[i.name] !== undefined).map((i) => filled(dtype, shape, held(i.name)));
  const scalarWeight = (w: number) => filled("float32", [1], w);

  switch (axis as PlotAxis) {
    case "error":
    case "input": {
      const c = classes ?? 0;
      const shape = c ? [n, c] : [n];
      const x = new Float32Array(n * Math.max(c, 1));
      const shift = axis === "error" ? held(record.inputs[1]?.name ?? "target") : 0;
      for (let i = 0; i < x.length; i++) x[i] = xs[Math.floor(i / Math.max(c, 1))] + shift;
      const call: LossCall = {
        loss: record.className,
        inputs: [{ dtype: "float32", shape, data: x }, ...restFrom(1, "float32", shape)],
        options: options(record, params, scalarWeight),
      };
      return { call, dx: (r) => gradAt(r, 0, n, Math.max(c, 1), 0, true) };
    }
    case "difference": {
      const call: LossCall = {
        loss: record.className,
        inputs: [fromValues("float32", [n], xs), filled("float32", [n], 0), ...restFrom(2, "float32", [n])],
        options: options(record, params, scalarWeight),
      };
      return { call, dx: (r) => gradAt(r, 0, n, 1, 0) };
    }
    case "class-score": {
      const others = plotValue(record, plot, "others");
      const list = Array.isArray(others) ? others : [others];
      const c = list.length + 1;
      const k = Math.min(Math.max(0, Math.round(num(plotValue(record, plot, "trueClass")))), c - 1);
      const scores = new Float32Array(n * c);
      for (let i = 0; i < n; i++) {
        for (let j = 0, o = 0; j < c; j++) scores[i * c + j] = j === k ? xs[i] : list[o++];
      }
      // MultiLabelMarginLoss's target lists the target classes and ends with -1; the others take one index.
      const multiLabel = record.inputs[1]?.shape.startsWith("same shape as input");
      let target: Tensor;
      if (multiLabel) {
        target = int64([n, c], -1);
        for (let i = 0; i < n; i++) target.data[i * c] = k;
      } else target = int64([n], k);
      const classWeight = (w: number) => {
        const t = filled("float32", [c], 1);
        t.data[k] = w;
        return t;
      };
      const call: LossCall = {
        loss: record.className,
        inputs: [{ dtype: "float32", shape: [n, c], data: scores }, target],
        options: options(record, params, classWeight),
      };
      return { call, dx: (r) => gradAt(r, 0, n, c, k) };
    }
    case "cosine": {
      // Unit vectors (1, 0) and (c, s): their cosine is c. float64 so the chain rule below stays exact.
      const x1 = new Float64Array(2 * n);
      const x2 = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const c = Math.min(1, Math.max(-1, xs[i]));
        x1[2 * i] = 1;
        x2[2 * i] = c;
        x2[2 * i + 1] = Math.sqrt(1 - c * c);
      }
      const call: LossCall = {
        loss: record.className,
        inputs: [
          { dtype: "float64", shape: [n, 2], data: x1 },
          { dtype: "float64", shape: [n, 2], data: x2 },
          ...restFrom(2, "float64", [n]),
        ],
        options: options(record, params, scalarWeight),
      };
      // The loss depends on x2 only through c: ∇x2 L = L'(c) · (s², −c·s), hence L'(c) = ∂L/∂x2[0] / s².
      const dx = (r: LossResult) => {
        const g = r.grads[1]?.data;
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const s2 = 1 - x2[2 * i] * x2[2 * i];
          // At c = ±1 the vectors are parallel: cos has no derivative along them (0/0), so leave a gap.
          out[i] = g && s2 > 1e-9 ? g[2 * i] / s2 : NaN;
        }
        return out;
      };
      return { call, dx };
    }
    case "triplet": {
      // 1-D: anchor 0, negative at −D, positive at x + D on the other side, so d(a, p) − d(a, n) = x.
      const d = Math.max(1, -num(plotValue(record, plot, "xMin")));
      const positive = new Float32Array(n);
      for (let i = 0; i < n; i++) positive[i] = xs[i] + d;
      const call: LossCall = {
        loss: record.className,
        inputs: [filled("float32", [n, 1], 0), { dtype: "float32", shape: [n, 1], data: positive }, filled("float32", [n, 1], -d)],
        options: options(record, params, scalarWeight),
      };
      return { call, dx: (r) => gradAt(r, 1, n, 1, 0) };
    }
    case "ctc": {
      // Logits: the target label's is x at every step, the others 0; log_probs = log_softmax over classes.
      const c = classes ?? 3;
      const steps = Math.max(1, Math.round(num(plotValue(record, plot, "steps"))));
      const blankParam = params.blank ?? record.params.find((p) => p.name === "blank")?.default ?? 0;
      const blank = Math.min(Math.max(0, Math.round(Number(blankParam))), c - 1);
      const label = blank === 0 ? 1 : 0;
      const logProbs = new Float32Array(steps * n * c);
      const pLabel = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        const m = Math.max(x, 0);
        const lse = m + Math.log(Math.exp(x - m) + (c - 1) * Math.exp(-m));
        pLabel[i] = Math.exp(x - lse);
        for (let t = 0; t < steps; t++) {
          for (let j = 0; j < c; j++) logProbs[(t * n + i) * c + j] = (j === label ? x : 0) - lse;
        }
      }
      const call: LossCall = {
        loss: record.className,
        inputs: [{ dtype: "float32", shape: [steps, n, c], data: logProbs }, int64([n, 1], label), int64([n], steps), int64([n], 1)],
        options: { ...options(record, params, scalarWeight), blank },
      };
      // Through log_softmax: dL/dx = Σ_t (g[t, label] − p_label · Σ_c g[t, c]).
      const dx = (r: LossResult) => {
        const g = r.grads[0]?.data;
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let t = 0; t < steps; t++) {
            let sum = 0;
            for (let j = 0; j < c; j++) sum += g ? g[(t * n + i) * c + j] : NaN;
            s += (g ? g[(t * n + i) * c + label] : NaN) - pLabel[i] * sum;
          }
          out[i] = s;
        }
        return out;
      };
      return { call, dx };
    }
  }
}

/** Column `col` of gradient `which` (rows of `width`); `sumRow` adds the row instead (x in every column). */
function gradAt(r: LossResult, which: number, n: number, width: number, col: number, sumRow = false): Float64Array {
  const g = r.grads[which]?.data;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!g) out[i] = NaN;
    else if (sumRow) {
      let s = 0;
      for (let j = 0; j < width; j++) s += g[i * width + j];
      out[i] = s;
    } else out[i] = g[i * width + col];
  }
  return out;
}

// ---- a computed case on the curve ---------------------------------------------------------------------

/** Each element's x on this loss's axis, or null when the case cannot be placed on it. */
export function caseXs(record: LossRecord, c: WireCase): Float64Array | null {
  const { axis } = plotAxis(record);
  const inputs = c.inputs.map(wireValues);
  const [a, b] = inputs;
  if (!a) return null;
  switch (axis) {
    case "error":
      return b && b.length === a.length ? a.map((v, i) => v - b[i]) : null;
    case "input":
      return a.length === c.perElement.data.length ? a : null;
    case "difference":
      return b && b.length === a.length ? a.map((v, i) => v - b[i]) : null;
    case "class-score": {
      const shape = c.inputs[0].shape;
      if (shape.length !== 2 || !b || b.length !== shape[0]) return null;
      const w = shape[1];
      return b.map((k, i) => a[i * w + k]);
    }
    case "cosine": {
      const shape = c.inputs[0].shape;
      if (!b || b.length !== a.length || shape.length !== 2) return null;
      const d = shape[1];
      const out = new Float64Array(shape[0]);
      for (let i = 0; i < shape[0]; i++) {
        let dot = 0, na = 0, nb = 0;
        for (let j = 0; j < d; j++) {
          dot += a[i * d + j] * b[i * d + j];
          na += a[i * d + j] ** 2;
          nb += b[i * d + j] ** 2;
        }
        out[i] = dot / Math.sqrt((na + 1e-12) * (nb + 1e-12));
      }
      return out;
    }
    case "triplet": {
      const n3 = inputs[2];
      const shape = c.inputs[0].shape;
      if (!b || !n3 || shape.length !== 2) return null;
      const p = typeof c.options.p === "number" ? c.options.p : 2;
      const eps = typeof c.options.eps === "number" ? c.options.eps : 1e-6;
      const d = shape[1];
      const dist = (u: Float64Array, i: number) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += Math.abs(a[i * d + j] - u[i * d + j] + eps) ** p;
        return s ** (1 / p);
      };
      return Float64Array.from({ length: shape[0] }, (_, i) => dist(b, i) - dist(n3, i));
    }
    default:
      return null;
  }
}

/** Plot settings that put the case's first element on the curve (held inputs, target class, other scores). */
export function caseSettings(record: LossRecord, c: WireCase): PlotValues {
  const { axis } = plotAxis(record);
  const out: PlotValues = {};
  for (const name of Object.keys(record.plot.fixed ?? {})) {
    const idx = record.inputs.findIndex((i) => i.name === name);
    const t = c.inputs[idx];
    if (t && t.data.length > 0 && typeof t.data[0] === "number") out[name] = t.data[0];
  }
  if (axis === "class-score" && c.inputs[0]?.shape.length === 2 && c.inputs[1]) {
    const w = c.inputs[0].shape[1];
    const row = wireValues(c.inputs[0]).slice(0, w);
    const k = Number(c.inputs[1].data[0]);
    if (Number.isInteger(k) && k >= 0 && k < w) {
      out.trueClass = k;
      out.others = Array.from(row).filter((_, j) => j !== k);
    }
  }
  return out;
}

/**
 * d loss_i / d x_i of each element of a case, from the engine on the case's own inputs (reduction='none',
 * the playground's parameter values): exact for rows whose other inputs differ from the curve's. null for
 * axes whose x is not an input entry (cosine, triplet, ctc): there the curve's derivative is used.
 */
export function caseCall(record: LossRecord, c: WireCase, params: ParamValues): CurveCall | null {
  const { axis } = plotAxis(record);
  if (axis !== "error" && axis !== "input" && axis !== "difference" && axis !== "class-score") return null;
  const inputs: Tensor[] = c.inputs.map((t) => ({
    dtype: t.dtype,
    shape: [...t.shape],
    data: t.dtype === "float32" ? Float32Array.from(wireValues(t)) : wireValues(t),
  }));
  const n = c.perElement.data.length;
  const first = inputs[0];
  if (!first || first.data.length === 0) return null;
  const call: LossCall = { loss: record.className, inputs, options: options(record, params, (w) => filled("float32", [1], w)) };
  if (axis === "class-score") {
    const width = first.shape.length === 2 ? first.shape[1] : 0;
    const target = inputs[1];
    if (!width || !target || target.data.length !== n || first.shape[0] !== n) return null;
    // Tensor weights would need the class count: the case's own options are not on the wire, so leave them out.
    for (const p of controlledParams(record)) if (p.kind === "tensor") delete call.options?.[p.name];
    return {
      call,
      dx: (r) => {
        const g = r.grads[0]?.data;
        return Float64Array.from({ length: n }, (_, i) => (g ? g[i * width + target.data[i]] : NaN));
      },
    };
  }
  if (first.data.length !== n) return null;
  return { call, dx: (r) => gradAt(r, 0, n, 1, 0) };
}
