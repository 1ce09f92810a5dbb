// The one message protocol between the playground page and its extension host. Both sides validate every
// message they receive with the guards below and drop (and log) anything that does not match: a webview is a
// separate process and its messages are untrusted input.
//
// Tensors cross as WireTensor (plain JSON) rather than typed arrays: the same objects go through
// vscode.setState / Memento storage, which only keep JSON, and non-finite numbers survive as strings
// (the CLI's JSON convention).

import { isPyTorchVersion, type PyTorchVersion } from "../engine/api/versions";

export type WireNumber = number | "NaN" | "Infinity" | "-Infinity";

export interface WireTensor {
  dtype: "float32" | "float64" | "int64";
  shape: number[];
  data: WireNumber[];
}

/** A computed case (engine/python LossEvaluation) in wire form, for the per-element view. */
export interface WireCase {
  loss: string;
  target: string | null;
  line: number;
  /** Scalar options after defaults (tensor-valued options are dropped). */
  options: Record<string, number | boolean | string | null>;
  value: WireTensor;
  perElement: WireTensor;
  grads: Record<string, WireTensor>;
  inputs: WireTensor[];
  random: boolean;
}

export type ViewMode = "both" | "loss" | "gradient";

/**
 * A loss from the user's code. The page evaluates the program with the evaluator (nothing is executed as code);
 * the host sends a new version on every edit of the document.
 */
export interface UserLossSource {
  /** The whole program: its imports and helpers are part of the loss. */
  source: string;
  /** The function's or class's name. */
  name: string;
  /** The document's file name (no folder), for titles and the Python copy; the definition's 1-based lines. */
  file: string;
  line: number;
  endLine: number;
  /** Grows with every version the host sends for this document. */
  version: number;
  /** What the host's evaluation of this version found wrong (also an editor diagnostic), or null. */
  error: { message: string; line: number } | null;
}

export type UserSweepMode = "error" | "input" | "class" | "margin";

/** The plotted user loss: its source, the sweep, the slider values and the curves kept for comparison. */
export interface UserPlotState {
  loss: UserLossSource;
  mode: UserSweepMode;
  /** Slider values (absent = the definition's default). */
  values: Record<string, number>;
  /** Parameter sets drawn beside the live curve ("itself at other values"). */
  pinned: Record<string, number>[];
}

/** Everything the page shows; saved with vscode.setState and by the host, restored on reopen/reload. */
export interface PlaygroundState {
  v: 1;
  /** Plotted losses (torch.nn class names); the first one picks the x axis and the plot settings. */
  losses: string[];
  /** Per loss, the parameter values the user changed (absent = the catalog's default). */
  params: Record<string, Record<string, number | boolean>>;
  /** Plot-only settings (x range, target value, class count...): see webview/axes.ts. */
  plot: Record<string, number | number[]>;
  view: ViewMode;
  case: WireCase | null;
  /** A loss from the user's code; `losses` then holds the built-ins drawn beside it (possibly none). */
  user?: UserPlotState | null;
  /** The loss the user opened when the page draws another's curve for it (catalog `plotAs`:
   * LinearCrossEntropyLoss is drawn as CrossEntropyLoss, the loss over its linear layer's logits). */
  via?: string | null;
}

/** What the command was asked to show: a loss by class name and/or a computed case. */
export interface OpenRequest {
  loss?: string;
  case?: WireCase;
  /** A user loss with the values its code gives: the sweep, the held inputs (plot settings) and the built-ins beside it. */
  user?: UserPlotState & { plot: Record<string, number | number[]>; compare: string[] };
}

export type RequestKind = "png" | "python" | "state";

/** Host -> page. `pytorch`: the version the page answers as (the extension's setting or environment, resolved). */
export type HostMessage =
  | { type: "init"; state: PlaygroundState | null; open: OpenRequest | null; pytorch: PyTorchVersion }
  /** The version changed (status bar pick, setting, environment): curves, messages and Copy as Python follow it. */
  | { type: "pytorch"; version: PyTorchVersion }
  | { type: "open"; open: OpenRequest }
  /** A new version of a user loss's document (matched by file and name); the page re-evaluates it. */
  | { type: "userSource"; loss: UserLossSource }
  | { type: "request"; id: number; what: RequestKind };

/** Page -> host. An `id` answers a host request; without one the user pressed a button in the page. */
export type PageMessage =
  | { type: "ready" }
  | { type: "state"; state: PlaygroundState; id?: number }
  | { type: "png"; dataUrl: string; id?: number }
  | { type: "python"; code: string; id?: number }
  | { type: "log"; level: "info" | "warn" | "error"; message: string };

// ---- runtime validation -------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isOptId = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0);
const hasOnly = (o: Obj, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

/** Bounds that keep a malicious or broken message from exhausting memory. */
const MAX_ELEMENTS = 1_000_000;
const MAX_LOSSES = 8;
const MAX_STRING = 20_000_000; // a PNG data URL of a large chart
/** A program sent for plotting (a large notebook's cells together stay well under this). */
const MAX_SOURCE = 2_000_000;
const MAX_PARAMS = 32;
const MAX_PINNED = 6;

export function isWireNumber(v: unknown): v is WireNumber {
  return isFiniteNumber(v) || v === "NaN" || v === "Infinity" || v === "-Infinity";
}

export function isWireTensor(v: unknown): v is WireTensor {
  if (!isObj(v) || !hasOnly(v, ["dtype", "shape", "data"])) return false;
  if (v.dtype !== "float32" && v.dtype !== "float64" && v.dtype !== "int64") return false;
  if (!Array.isArray(v.shape) || v.shape.length > 8 || !v.shape.every((d) => Number.isInteger(d) && d >= 0)) return false;
  if (!Array.isArray(v.data) || v.data.length > MAX_ELEMENTS) return false;
  const size = (v.shape as number[]).reduce((a, b) => a * b, 1);
  return size === v.data.length && v.data.every(isWireNumber);
}

const isLossName = (v: unknown): v is string => typeof v === "string" && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(v);

function isScalarRecord(v: unknown, allowed: (x: unknown) => boolean): boolean {
  return isObj(v) && Object.keys(v).length <= 64 && Object.values(v).every(allowed);
}

export function isWireCase(v: unknown): v is WireCase {
  if (!isObj(v)) return false;
  if (!hasOnly(v, ["loss", "target", "line", "options", "value", "perElement", "grads", "inputs", "random"])) return false;
  return (
    isLossName(v.loss) &&
    (v.target === null || (typeof v.target === "string" && v.target.length < 256)) &&
    Number.isInteger(v.line) &&
    isScalarRecord(v.options, (x) => x === null || typeof x === "boolean" || isFiniteNumber(x) || (typeof x === "string" && x.length < 256)) &&
    isWireTensor(v.value) &&
    isWireTensor(v.perElement) &&
    isObj(v.grads) &&
    Object.keys(v.grads).length <= 16 &&
    Object.values(v.grads).every(isWireTensor) &&
    Array.isArray(v.inputs) &&
    v.inputs.length <= 8 &&
    v.inputs.every(isWireTensor) &&
    typeof v.random === "boolean"
  );
}

const isIdentifier = (v: unknown): v is string => typeof v === "string" && /^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(v);
const isLine = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const isValues = (v: unknown) => isObj(v) && Object.keys(v).length <= MAX_PARAMS && Object.entries(v).every(([k, x]) => isIdentifier(k) && isFiniteNumber(x));

export function isUserLossSource(v: unknown): v is UserLossSource {
  if (!isObj(v) || !hasOnly(v, ["source", "name", "file", "line", "endLine", "version", "error"])) return false;
  const error = v.error;
  return (
    typeof v.source === "string" &&
    v.source.length <= MAX_SOURCE &&
    isIdentifier(v.name) &&
    typeof v.file === "string" &&
    v.file.length <= 256 &&
    isLine(v.line) &&
    isLine(v.endLine) &&
    (v.endLine as number) >= (v.line as number) &&
    Number.isInteger(v.version) &&
    (error === null || (isObj(error) && hasOnly(error, ["message", "line"]) && typeof error.message === "string" && error.message.length <= 10_000 && isLine(error.line)))
  );
}

export function isUserPlotState(v: unknown): v is UserPlotState {
  if (!isObj(v) || !hasOnly(v, ["loss", "mode", "values", "pinned"])) return false;
  return (
    isUserLossSource(v.loss) &&
    (v.mode === "error" || v.mode === "input" || v.mode === "class" || v.mode === "margin") &&
    isValues(v.values) &&
    Array.isArray(v.pinned) &&
    v.pinned.length <= MAX_PINNED &&
    v.pinned.every(isValues)
  );
}

const isPlotValues = (v: unknown) => isScalarRecord(v, (x) => isFiniteNumber(x) || (Array.isArray(x) && x.length <= 64 && x.every(isFiniteNumber)));

export function isPlaygroundState(v: unknown): v is PlaygroundState {
  if (!isObj(v) || v.v !== 1 || !hasOnly(v, ["v", "losses", "params", "plot", "view", "case", "user", "via"])) return false;
  if (v.via !== undefined && v.via !== null && !isLossName(v.via)) return false;
  const user = v.user !== undefined && v.user !== null;
  if (user && !isUserPlotState(v.user)) return false;
  if (!Array.isArray(v.losses) || v.losses.length < (user ? 0 : 1) || v.losses.length > MAX_LOSSES || !v.losses.every(isLossName)) return false;
  if (!isObj(v.params) || !Object.entries(v.params).every(([k, p]) => isLossName(k) && isScalarRecord(p, (x) => typeof x === "boolean" || isFiniteNumber(x)))) return false;
  if (!isPlotValues(v.plot)) return false;
  if (v.view !== "both" && v.view !== "loss" && v.view !== "gradient") return false;
  return v.case === null || isWireCase(v.case);
}

function isUserOpen(v: unknown): v is NonNullable<OpenRequest["user"]> {
  if (!isObj(v)) return false;
  const { plot, compare, ...rest } = v;
  return (
    isUserPlotState(rest) &&
    isPlotValues(plot) &&
    Array.isArray(compare) &&
    compare.length <= MAX_LOSSES &&
    compare.every(isLossName)
  );
}

export function isOpenRequest(v: unknown): v is OpenRequest {
  if (!isObj(v) || !hasOnly(v, ["loss", "case", "user"])) return false;
  return (v.loss === undefined || isLossName(v.loss)) && (v.case === undefined || isWireCase(v.case)) && (v.user === undefined || isUserOpen(v.user));
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case "init":
      return (
        hasOnly(v, ["type", "state", "open", "pytorch"]) &&
        (v.state === null || isPlaygroundState(v.state)) &&
        (v.open === null || isOpenRequest(v.open)) &&
        isPyTorchVersion(v.pytorch)
      );
    case "pytorch":
      return hasOnly(v, ["type", "version"]) && isPyTorchVersion(v.version);
    case "open":
      return hasOnly(v, ["type", "open"]) && isOpenRequest(v.open);
    case "userSource":
      return hasOnly(v, ["type", "loss"]) && isUserLossSource(v.loss);
    case "request":
      return hasOnly(v, ["type", "id", "what"]) && isOptId(v.id) && v.id !== undefined && (v.what === "png" || v.what === "python" || v.what === "state");
    default:
      return false;
  }
}

export function isPageMessage(v: unknown): v is PageMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case "ready":
      return hasOnly(v, ["type"]);
    case "state":
      return hasOnly(v, ["type", "state", "id"]) && isOptId(v.id) && isPlaygroundState(v.state);
    case "png":
      return (
        hasOnly(v, ["type", "dataUrl", "id"]) &&
        isOptId(v.id) &&
        typeof v.dataUrl === "string" &&
        v.dataUrl.length < MAX_STRING &&
        v.dataUrl.startsWith("data:image/png;base64,")
      );
    case "python":
      // The copy of a user loss carries its code.
      return hasOnly(v, ["type", "code", "id"]) && isOptId(v.id) && typeof v.code === "string" && v.code.length < MAX_SOURCE;
    case "log":
      return (
        hasOnly(v, ["type", "level", "message"]) &&
        (v.level === "info" || v.level === "warn" || v.level === "error") &&
        typeof v.message === "string" &&
        v.message.length < 10_000
      );
    default:
      return false;
  }
}

/** A short description of a rejected message for the log (never the whole payload). */
export function describeRejected(v: unknown): string {
  const type = isObj(v) && typeof v.type === "string" ? v.type.slice(0, 40) : typeof v;
  return `rejected a message that does not match the protocol (type: ${type})`;
}

// ---- tensors on the wire ---------------------------------------------------------------------------------

interface TensorLike {
  dtype: "float32" | "float64" | "int64";
  shape: number[];
  /** Typed arrays in process; plain arrays (possibly already with "NaN" strings) when the case came as JSON. */
  data: ArrayLike<number | string>;
}

export function toWireTensor(t: TensorLike): WireTensor {
  const data: WireNumber[] = new Array(t.data.length);
  for (let i = 0; i < t.data.length; i++) {
    const raw = t.data[i];
    const x = typeof raw === "number" ? raw : raw === "Infinity" ? Infinity : raw === "-Infinity" ? -Infinity : NaN;
    data[i] = Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
  }
  return { dtype: t.dtype, shape: [...t.shape], data };
}

export function wireValues(t: WireTensor): Float64Array {
  const out = new Float64Array(t.data.length);
  for (let i = 0; i < out.length; i++) {
    const x = t.data[i];
    out[i] = typeof x === "number" ? x : x === "NaN" ? NaN : x === "Infinity" ? Infinity : -Infinity;
  }
  return out;
}

/** A LossEvaluation-shaped value (engine/python/types.ts) to its wire form; tensor-valued options are dropped. */
export function toWireCase(c: {
  loss: string;
  target: string | null;
  line: number;
  options: Record<string, unknown>;
  value: TensorLike;
  perElement: TensorLike;
  grads: Record<string, TensorLike>;
  inputs: TensorLike[];
  random: boolean;
}): WireCase {
  const options: WireCase["options"] = {};
  for (const [k, v] of Object.entries(c.options)) {
    if (v === null || typeof v === "boolean" || typeof v === "string" || isFiniteNumber(v)) options[k] = v;
  }
  const grads: Record<string, WireTensor> = {};
  for (const [k, g] of Object.entries(c.grads)) grads[k] = toWireTensor(g);
  return {
    loss: c.loss,
    target: c.target,
    line: c.line,
    options,
    value: toWireTensor(c.value),
    perElement: toWireTensor(c.perElement),
    grads,
    inputs: c.inputs.map(toWireTensor),
    random: c.random,
  };
}
