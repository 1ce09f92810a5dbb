// The playground page: loads the engine (the same WebAssembly as everywhere), talks to the extension only
// through the typed protocol, and redraws at most once per animation frame however fast a slider moves.
import "./playground.css";
import { createEngine } from "../engine/api/engine";
import type { Engine } from "../engine/api/types";
import { engineAs, NEWEST_PYTORCH, type PyTorchVersion } from "../engine/api/versions";
import { getLoss } from "../engine/catalog";
import type { Lang } from "../engine/catalog/types";
import { axisTitle, buildCurveCall, caseCall, caseXs } from "./axes";
import { BarsChart } from "./chart/bars";
import { CurveChart, type Series } from "./chart/curves";
import { fmt, renderControls } from "./controls";
import { CurveMemo, evaluateMemo, xGrid, type Curve } from "./curves";
import { COMPARE_DEFAULT } from "./userloss/view";
import {
  describeRejected,
  isHostMessage,
  isPageMessage,
  isPlaygroundState,
  wireValues,
  type HostMessage,
  type PageMessage,
  type PlaygroundState,
  type WireCase,
} from "./protocol";
import { pythonConfig } from "./python";
import { applyOpen, defaultState, paramValues, sanitize } from "./state";
import { fill, strings } from "./strings";
import { readPalette, watchTheme, type Palette } from "./theme";
import type { Opened } from "./userloss/api";
import { renderUserControls, type UserControlEvents } from "./userloss/controls";
import { loadUserLossApi } from "./userloss/load";
import { userPython } from "./userloss/python";
import { userCurves, valuesText } from "./userloss/view";
import { useShippedWasm } from "./wasm";
import type { UserLossSource, UserPlotState, UserSweepMode } from "./protocol";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
useShippedWasm();
const lang: Lang = document.documentElement.lang === "zh-cn" ? "zh-cn" : "en";
const t = strings(lang);

function post(m: PageMessage): void {
  // Validate our own output too: a bug here must show up in the page's log, not as a dropped message.
  if (!isPageMessage(m)) {
    console.error(`playground: refusing to send an invalid ${(m as PageMessage).type} message`);
    return;
  }
  vscode.postMessage(m);
}

const log = (level: "info" | "warn" | "error", message: string) => post({ type: "log", level, message });

// ---- page skeleton ------------------------------------------------------------------------------------

const app = document.getElementById("app") as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const controls = el("aside", { class: "controls", "aria-label": t.controls });
const charts = el("section", { class: "charts", "aria-label": t.charts });
const lossFigure = el("figure", { class: "chart", id: "loss-figure" });
const gradFigure = el("figure", { class: "chart", id: "grad-figure" });
const lossCanvas = el("canvas", { id: "loss-chart", role: "img", "aria-label": t.lossCurve });
const gradCanvas = el("canvas", { id: "grad-chart", role: "img", "aria-label": t.gradCurve });
lossFigure.append(lossCanvas);
gradFigure.append(gradCanvas);
const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
const legend = el("ul", { class: "legend", "aria-label": t.curves });
const versionLine = el("p", { class: "version", id: "pytorch-version", title: t.answersAsTitle });
charts.append(versionLine, legend, lossFigure, gradFigure, status);
const caseSection = el("section", { class: "case", "aria-label": t.caseRegion, id: "case" });
caseSection.hidden = true;
const caseTitle = el("h2");
const caseNote = el("p", { class: "note" });
const caseLossFigure = el("figure", { class: "bars" });
const caseGradFigure = el("figure", { class: "bars" });
const caseLossCanvas = el("canvas", { id: "case-loss-chart", role: "img", "aria-label": t.lossPerElement });
const caseGradCanvas = el("canvas", { id: "case-grad-chart", role: "img", "aria-label": t.gradient });
caseLossFigure.append(caseLossCanvas);
caseGradFigure.append(caseGradCanvas);
caseSection.append(caseTitle, caseNote, caseLossFigure, caseGradFigure);

// ---- state --------------------------------------------------------------------------------------------

let state: PlaygroundState = defaultState();
/** The engine as loaded, and the same engine answering as the host's PyTorch version (every call names it). */
let loaded: Engine | undefined;
let engine: Engine | undefined;
let pytorch: PyTorchVersion = NEWEST_PYTORCH;
let palette: Palette = readPalette();
let lossChart: CurveChart | undefined;
let gradChart: CurveChart | undefined;
let caseLoss: BarsChart | undefined;
let caseGrad: BarsChart | undefined;
let curves: Curve[] = [];
let stateTimer: ReturnType<typeof setTimeout> | undefined;

/** Timings for the browser test and the benchmark (read through window.lossLensPlayground). */
const perf = { redraws: 0, computeMs: [] as number[], drawMs: [] as number[] };

function saveState(): void {
  vscode.setState(state);
  // The host keeps a copy for reopening after the panel is closed; debounced so a drag sends one message.
  clearTimeout(stateTimer);
  stateTimer = setTimeout(() => post({ type: "state", state }), 250);
}

/** A slider's state change not yet saved: saved once per frame, not once per input event of a drag. */
let unsaved = false;

function setState(next: PlaygroundState, rebuild: boolean): void {
  state = sanitize(next);
  if (rebuild) {
    saveState();
    renderAll();
  } else {
    unsaved = true;
    scheduleRedraw();
  }
}

type UserState = PlaygroundState & { user: UserPlotState };
const isUser = (s: PlaygroundState): s is UserState => !!s.user;
const withUser = (f: (u: UserPlotState) => Partial<UserPlotState>, rebuild: boolean) => {
  if (isUser(state)) setState({ ...state, user: { ...state.user, ...f(state.user) } }, rebuild);
};

const events: UserControlEvents = {
  primary: (name) => setState({ ...state, losses: [name], plot: {}, case: state.case?.loss === name ? state.case : null, user: null, via: null }, true),
  overlay: (name, on) => setState({ ...state, losses: on ? [...state.losses, name] : state.losses.filter((n) => n !== name) }, true),
  param: (loss, name, value) => setState({ ...state, params: { ...state.params, [loss]: { ...state.params[loss], [name]: value } } }, false),
  plot: (key, value) => {
    // The class slider's range depends on the number of other scores: rebuild the panel when that changes.
    const rebuild = key === "others" && Array.isArray(value) && value.length !== (state.plot.others as number[] | undefined)?.length;
    setState({ ...state, plot: { ...state.plot, [key]: value } }, rebuild);
  },
  view: (view) => {
    state = { ...state, view };
    saveState();
    applyView();
  },
  exportPng: () => post({ type: "png", dataUrl: exportPng() }),
  copyPython: () => post({ type: "python", code: python() }),
  reset: () =>
    isUser(state)
      ? setState({ ...state, user: { ...state.user, values: {}, pinned: [] } }, true)
      : setState({ ...defaultState(), losses: state.losses, case: state.case }, true),
  userValue: (name, value) => withUser((u) => ({ values: { ...u.values, [name]: value } }), false),
  userMode: (mode: UserSweepMode) => {
    if (isUser(state)) setState({ ...state, plot: {}, losses: COMPARE_DEFAULT[mode], user: { ...state.user, mode } }, true);
  },
  pin: () => withUser((u) => ({ pinned: [...u.pinned, { ...u.values }].slice(-6) }), true),
  unpin: () => withUser(() => ({ pinned: [] }), true),
};

/** "Copy as Python": the built-ins' constructors (with the version's error where it refuses one), or a user loss's code and call. */
function python(): string {
  if (!isUser(state)) {
    const raises: Record<string, string> = {};
    for (const c of curves) if (c.error) raises[c.loss] = fill(t.pythonRaises, pytorch, c.error);
    return pythonConfig(state, raises);
  }
  const defaults: Record<string, number> = {};
  if (opened?.ok) for (const p of opened.params) defaults[p.name] = p.default;
  return userPython(state, defaults);
}

// ---- a loss from the user's code ------------------------------------------------------------------------

/** The evaluated program behind the chart, for one version of one loss. */
let opened: Opened | null = null;
let openedKey = "";
/** The last curves that worked: an error in a new version keeps them on the chart. */
let lastGood: Curve[] = [];
let userNote = "";

/** Evaluates the user's program in the page (first loading the evaluator bundle), then redraws. */
async function openUser(loss: UserLossSource): Promise<void> {
  const key = `${loss.file}\u0000${loss.name}\u0000${loss.version}\u0000${loss.source.length}`;
  if (key === openedKey && opened) return;
  openedKey = key;
  if (!engine) return;
  if (!globalThis.lossLensUserLoss) setStatus(t.loadingEvaluator, false);
  let api;
  try {
    api = await loadUserLossApi();
  } catch (e) {
    setStatus(fill(t.evaluatorFailed, e instanceof Error ? e.message : String(e)), true);
    return;
  }
  if (openedKey !== key) return;
  const next = api.open(loss.source, loss.name, engine);
  // A version with an error keeps the previous program (and its curves) until a version works again.
  if (next.ok || !opened?.ok) {
    opened = next;
    userMemo = new CurveMemo();
  }
  userNote = next.ok ? "" : errorText(next.message, next.line);
  renderAll();
}

/** An error of the user's code; "the last good curve" only when there is one on the chart. */
function errorText(message: string, line: number | null): string {
  const kept = lastGood.length > 0;
  if (line) return fill(kept ? t.userError : t.userErrorFirst, line, message);
  return kept ? fill(t.userErrorNoLine, message) : message;
}

function setStatus(text: string, error: boolean): void {
  if (status.textContent !== text) status.textContent = text;
  status.classList.toggle("error", error);
}

function redrawUser(s: UserState): void {
  if (!engine || !lossChart || !gradChart) return;
  const t0 = performance.now();
  let note = userNote;
  let error = !!userNote;
  if (s.user.loss.error) {
    note = errorText(s.user.loss.error.message, s.user.loss.error.line);
    error = true;
  }
  if (opened?.ok) {
    const r = userCurves(engine, opened, s, userMemo);
    userMemo.endFrame();
    if (r.error) {
      note = errorText(r.error.message, r.error.line);
      error = true;
    } else {
      lastGood = r.curves;
      if (r.pointByPoint && !error) note = fill(t.pointByPoint, r.pointByPoint);
    }
  }
  curves = lastGood;
  const shown = valuesText(opened?.ok ? opened : null, s.user.values);
  draw(fill(t.userAxis[s.user.mode], shown ? `(${shown})` : "").trim(), null, t0);
  const errors = curves.filter((k) => k.error).map((k) => `${k.loss}: ${k.error}`);
  setStatus([note, ...errors].filter(Boolean).join("\n"), error || errors.length > 0);
}

function applyView(): void {
  // (A figure shown again is re-fitted and drawn by its chart's resize observer.)
  lossFigure.hidden = state.view === "gradient";
  gradFigure.hidden = state.view === "loss";
}

// ---- drawing ------------------------------------------------------------------------------------------

let frame = 0;
function scheduleRedraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (unsaved) {
      unsaved = false;
      saveState();
    }
    redraw();
  });
}

/** The built-in curves of recent frames (the overlaid losses a drag of another loss's parameter leaves alone). */
const builtinMemo = new CurveMemo();
/** The same for a user loss's chart: its kept curves and the built-ins; a new one per evaluated program. */
let userMemo = new CurveMemo();

/** Elements marked on the curves: at most this many (a 100,000-element case would be a cloud, and slow). */
const MAX_MARKS = 2000;
/** The case's per-element gradients, recomputed only when the parameters or plot settings change. */
let gradMarks: { c: WireCase; key: string; g: Float64Array } | undefined;
let marksCache: { key: WireCase; loss: string; cx: Float64Array | null; per: Float64Array } | undefined;

/** The case's x positions and per-element losses, computed once per case (not per frame). */
function caseMarks(c: WireCase): { cx: Float64Array | null; per: Float64Array } {
  const primary = getLoss(c.loss);
  if (marksCache?.key !== c || marksCache.loss !== c.loss) {
    const cx = primary ? caseXs(primary, c) : null;
    marksCache = { key: c, loss: c.loss, cx: cx && cx.subarray(0, MAX_MARKS), per: wireValues(c.perElement).subarray(0, MAX_MARKS) };
  }
  return marksCache;
}

function redraw(): void {
  if (isUser(state)) return redrawUser(state);
  const primary = getLoss(state.losses[0]);
  if (!engine || !primary || !lossChart || !gradChart) return;
  const t0 = performance.now();
  const xs = xGrid(primary, state.plot);
  curves = state.losses.flatMap((name) => {
    const r = getLoss(name);
    return r ? [evaluateMemo(builtinMemo, engine as Engine, r, paramValues(state, r), state.plot, xs)] : [];
  });
  builtinMemo.endFrame();
  let marks: { loss: Series; grad: Series } | null = null;
  const c = state.case;
  if (c && c.loss === primary.className) {
    const { cx, per } = caseMarks(c);
    if (cx && cx.length === per.length) {
      const params = paramValues(state, primary);
      const key = JSON.stringify([params, state.plot]);
      let g = gradMarks?.key === key && gradMarks.c === c ? gradMarks.g : undefined;
      if (!g) {
        const { call, dx } = caseCall(primary, c, params) ?? buildCurveCall(primary, params, state.plot, cx);
        try {
          g = dx(engine.compute(call)).subarray(0, MAX_MARKS);
        } catch {
          g = new Float64Array(cx.length).fill(NaN); // the curve's own error is shown below
        }
        gradMarks = { c, key, g };
      }
      const label = fill(t.caseMarks, c.target ?? c.loss, c.line);
      marks = { loss: { label, x: cx, y: per }, grad: { label, x: cx, y: g } };
    }
  }
  draw(axisTitle(primary, state.plot, t, lang), marks, t0);
  // Touch the DOM only when the text changes: a style recalculation per frame costs more than the chart.
  const errors = curves.filter((k) => k.error).map((k) => `${k.loss}: ${k.error}`).join("\n");
  if (status.textContent !== errors) {
    status.textContent = errors;
    status.classList.toggle("error", errors.length > 0);
  }
}

/** Draws `curves` (and the case's marks) in both charts and the legend; records the frame's compute and draw times. */
function draw(title: string, marks: { loss: Series; grad: Series } | null, t0: number): void {
  if (!lossChart || !gradChart) return;
  const t1 = performance.now();
  lossChart.setXTitle(title);
  gradChart.setXTitle(title);
  lossChart.update(curves.map((k) => ({ label: k.loss, x: k.x, y: k.y })), marks?.loss ?? null);
  gradChart.update(curves.map((k) => ({ label: k.loss, x: k.x, y: k.dy })), marks?.grad ?? null);
  const t2 = performance.now();
  perf.redraws++;
  perf.computeMs.push(t1 - t0);
  perf.drawMs.push(t2 - t1);
  if (perf.computeMs.length > 1000) {
    perf.computeMs.splice(0, 500);
    perf.drawMs.splice(0, 500);
  }
  renderLegend(curves.map((k) => k.loss), marks?.loss.label ?? null);
}

let legendKey = "";
/** One legend for both charts, in the theme's colours; rebuilt only when curves, marks or colours change. */
function renderLegend(names: string[], marks: string | null): void {
  const key = JSON.stringify([names, marks, palette.series, palette.mark]);
  if (key === legendKey) return;
  legendKey = key;
  const items = names.map((name, i) => {
    const li = el("li");
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.background = palette.series[i % palette.series.length];
    li.append(swatch, name);
    return li;
  });
  if (marks) {
    const li = el("li");
    const swatch = el("span", { class: "swatch mark", "aria-hidden": "true" });
    swatch.style.background = palette.mark;
    li.append(swatch, marks);
    items.push(li);
  }
  legend.replaceChildren(...items);
}

function renderCase(): void {
  const c = state.case;
  caseSection.hidden = !c;
  if (!c) return;
  const value = wireValues(c.value);
  const per = wireValues(c.perElement);
  const valueText = value.length === 1 ? fmt(value[0]) : fill(t.values, value.length);
  caseTitle.textContent = fill(t.caseTitle, c.line, c.target ?? c.loss, valueText, c.loss, String(c.options.reduction ?? "mean"));
  const [gradName, grad] = Object.entries(c.grads)[0] ?? [];
  const limit = 512;
  const notes: string[] = [];
  if (per.length > limit) notes.push(fill(t.firstElements, limit, per.length));
  if (per.length > MAX_MARKS) notes.push(fill(t.firstMarked, MAX_MARKS));
  if (c.random) notes.push(t.randomNote);
  if (!grad) notes.push(t.noGrad);
  caseNote.textContent = notes.join("; ");
  caseLoss ??= new BarsChart(caseLossFigure, caseLossCanvas, palette, t.lossPerElement, t.element, 0);
  caseGrad ??= new BarsChart(caseGradFigure, caseGradCanvas, palette, t.gradient, t.element, 1);
  caseLoss.update(labelsFor(Math.min(per.length, limit)), per.subarray(0, limit));
  caseGradFigure.hidden = !grad;
  if (grad && gradName) {
    const g = wireValues(grad);
    caseGrad.setYTitle(fill(t.gradOf, gradName));
    caseGrad.update(labelsFor(Math.min(g.length, limit)), g.subarray(0, limit));
  }
}

const labelsFor = (n: number) => Array.from({ length: n }, (_, i) => String(i));

function renderAll(): void {
  if (isUser(state)) {
    renderUserControls(controls, state, opened?.ok ? opened : null, lang, events);
    caseSection.hidden = true;
    applyView();
    if (!openedKey.startsWith(`${state.user.loss.file}\u0000${state.user.loss.name}\u0000${state.user.loss.version}\u0000`)) void openUser(state.user.loss);
    scheduleRedraw();
    return;
  }
  renderControls(controls, state, lang, events);
  renderCase();
  applyView();
  scheduleRedraw();
}

/** Both visible charts (and the case's bars) stacked on one canvas with the theme's background. */
function exportPng(): string {
  const shown = (f: HTMLElement) => !f.hidden && !f.closest("[hidden]");
  const parts = [
    shown(lossFigure) ? lossChart?.image() : null,
    shown(gradFigure) ? gradChart?.image() : null,
    shown(caseLossFigure) ? caseLoss?.image() : null,
    shown(caseGradFigure) ? caseGrad?.image() : null,
  ].filter((c): c is HTMLCanvasElement => !!c && c.width > 0 && c.height > 0);
  const width = Math.max(1, ...parts.map((c) => c.width));
  const height = Math.max(1, parts.reduce((h, c) => h + c.height, 0));
  const out = document.createElement("canvas");
  out.width = width;
  out.height = height;
  const ctx = out.getContext("2d") as CanvasRenderingContext2D;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const c of parts) {
    ctx.drawImage(c, 0, y);
    y += c.height;
  }
  return out.toDataURL("image/png");
}

// ---- messages -----------------------------------------------------------------------------------------

let initialised = false;
const pending: HostMessage[] = [];

/** Answers as `v` from now on: the curves, their errors, the case's marks and a user loss's program. */
function useVersion(v: PyTorchVersion): void {
  versionLine.textContent = fill(t.answersAs, v);
  if (v === pytorch && engine?.pytorch === v) return;
  pytorch = v;
  if (loaded) engine = engineAs(loaded, v);
  gradMarks = undefined;
  // The user's program is evaluated again with the engine answering as v.
  opened = null;
  openedKey = "";
  lastGood = [];
}

function handle(m: HostMessage): void {
  switch (m.type) {
    case "init": {
      useVersion(m.pytorch);
      // A reload of a hidden panel restores from vscode.getState(); the host's copy covers a closed panel.
      const own = vscode.getState();
      let next = isPlaygroundState(own) ? own : (m.state ?? defaultState());
      if (m.open) next = applyOpen(next, m.open, (msg) => log("warn", msg));
      initialised = true;
      setState(next, true);
      return;
    }
    case "open":
      setState(applyOpen(state, m.open, (msg) => log("warn", msg)), true);
      return;
    case "pytorch":
      useVersion(m.version);
      renderAll();
      return;
    case "userSource":
      // A new version of the plotted loss's document: re-evaluate it, keeping the sliders and settings.
      if (isUser(state) && state.user.loss.file === m.loss.file && state.user.loss.name === m.loss.name) {
        state = { ...state, user: { ...state.user, loss: m.loss } };
        saveState();
        void openUser(m.loss);
        scheduleRedraw();
      }
      return;
    case "request":
      if (m.what === "png") post({ type: "png", dataUrl: exportPng(), id: m.id });
      else if (m.what === "python") post({ type: "python", code: python(), id: m.id });
      else post({ type: "state", state, id: m.id });
      return;
  }
}

window.addEventListener("message", (event: MessageEvent) => {
  const m: unknown = event.data;
  if (!isHostMessage(m)) {
    console.warn(`playground: ${describeRejected(m)}`);
    log("warn", describeRejected(m));
    return;
  }
  // Until the engine is ready, keep messages in order; requests wait too (they need the charts).
  if (!engine) pending.push(m);
  else handle(m);
});

// ---- boot ---------------------------------------------------------------------------------------------

async function boot(): Promise<void> {
  post({ type: "ready" });
  try {
    loaded = await createEngine();
    engine = engineAs(loaded, pytorch);
  } catch (e) {
    app.removeAttribute("aria-busy");
    app.textContent = fill(t.engineFailed, e instanceof Error ? e.message : String(e));
    log("error", app.textContent);
    return;
  }
  app.replaceChildren(el("div", { class: "layout" }));
  const layout = app.firstElementChild as HTMLElement;
  layout.append(charts, controls);
  app.append(caseSection);
  app.removeAttribute("aria-busy");
  versionLine.textContent = fill(t.answersAs, pytorch);
  lossChart = new CurveChart(lossFigure, lossCanvas, palette, t.yLoss);
  gradChart = new CurveChart(gradFigure, gradCanvas, palette, t.yGrad);
  watchTheme((p) => {
    palette = p;
    for (const c of [lossChart, gradChart, caseLoss, caseGrad]) c?.setPalette(p);
    renderLegend(curves.map((k) => k.loss), legendKey ? (JSON.parse(legendKey) as [string[], string | null])[1] : null);
  });
  for (const m of pending.splice(0)) handle(m);
  if (!initialised) {
    // The host answers "ready" with "init"; until then show the saved or default state.
    const own = vscode.getState();
    state = sanitize(isPlaygroundState(own) ? own : defaultState());
    renderAll();
  }
}

declare global {
  interface Window {
    lossLensPlayground: {
      state(): PlaygroundState;
      pytorch(): PyTorchVersion;
      curves(): Curve[];
      palette(): Palette;
      perf: typeof perf;
      chartData: typeof chartData;
      /** The engine build this page runs ("fma" where the browser fuses multiply-adds), once loaded. */
      kernels(): "fma" | "emulated" | undefined;
    };
  }
}
/** What the charts hold (every `every`-th drawn point), their x title and axes, as the tests read them. */
function chartData(every = 1) {
  return {
    loss: lossChart?.dump(every) ?? [],
    grad: gradChart?.dump(every) ?? [],
    // The x axis title as drawn (it names the slider values).
    xTitle: lossChart?.xTitle ?? "",
    layout: { loss: lossChart?.layout() ?? null, grad: gradChart?.layout() ?? null },
    // How often each chart drew its frame layer and its live layer.
    layers: { loss: { base: lossChart?.stats.base ?? 0, live: lossChart?.stats.live ?? 0 }, grad: { base: gradChart?.stats.base ?? 0, live: gradChart?.stats.live ?? 0 } },
  };
}

window.lossLensPlayground = { state: () => state, pytorch: () => pytorch, curves: () => curves, palette: () => palette, perf, chartData, kernels: () => loaded?.kernelVariant };

void boot();
