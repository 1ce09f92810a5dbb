// The control panel, built from the catalog: the loss picker, overlay checkboxes, one control per parameter
// that changes the curve (PyTorch's name, default and range) and the plot-only settings.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { VscodeCheckbox } from "@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js";
import type { VscodeTextfield } from "@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js";
import { defaultRepr, getLoss } from "../engine/catalog";
import type { Lang, LossRecord, ParamSpec } from "../engine/catalog/types";
import { controlledParams, paramDefault, plotSettings, plotValue, type PlotSetting } from "./axes";
import type { PlaygroundState, ViewMode } from "./protocol";
import { overlayCandidates, pickable } from "./state";
import { family } from "../engine/catalog/versions";
import { fill, strings, type Strings } from "./strings";

export interface ControlEvents {
  primary(name: string): void;
  overlay(name: string, on: boolean): void;
  param(loss: string, name: string, value: number | boolean): void;
  plot(key: string, value: number | number[]): void;
  view(mode: ViewMode): void;
  exportPng(): void;
  copyPython(): void;
  reset(): void;
}

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * A native <select> in VS Code's dropdown colours. (vscode-single-select would cost 48 KB of the page's 400 KB
 * budget, most of it its scrolling list; the native one is as keyboard-friendly.)
 */
export function select(label: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLElement {
  const id = nextId("sel");
  const wrap = el("div", { class: "field" });
  wrap.append(el("label", { for: id }, label));
  const s = el("select", { id, class: "dropdown" });
  for (const [v, text] of options) {
    const o = el("option", { value: v }, text);
    o.selected = v === value;
    s.append(o);
  }
  s.addEventListener("change", () => onChange(s.value));
  wrap.append(s);
  return wrap;
}

export function textfield(value: string, label: string, onCommit: (v: string) => void): VscodeTextfield {
  const t = document.createElement("vscode-textfield") as VscodeTextfield;
  t.value = value;
  t.setAttribute("aria-label", label);
  t.addEventListener("change", () => onCommit(t.value));
  t.addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") onCommit(t.value);
  });
  return t;
}

/** A slider with an editable number beside it; `onInput` fires while dragging. */
export function slider(
  label: string,
  title: string,
  range: { min: number; max: number; step: number },
  value: number,
  onInput: (v: number) => void,
  t: Strings,
): HTMLElement {
  const id = nextId("rng");
  const wrap = el("div", { class: "field slider" });
  const l = el("label", { for: id, title }, label);
  // step 0: any value (a default such as eps = 1e-3 must not snap to the grid).
  const r = el("input", { type: "range", id, min: String(range.min), max: String(range.max), step: range.step > 0 ? String(range.step) : "any", value: String(value) });
  r.dataset.param = label;
  const field = textfield(fmt(value), fill(t.value, label), (v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x)) {
      field.value = fmt(Number(r.value));
      return;
    }
    r.value = String(x);
    onInput(x);
  });
  field.classList.add("number");
  // The number beside the slider follows once per frame: a drag fires several input events per frame.
  let shown = 0;
  r.addEventListener("input", () => {
    onInput(Number(r.value));
    shown ||= requestAnimationFrame(() => {
      shown = 0;
      field.value = fmt(Number(r.value));
    });
  });
  wrap.append(l, r, field);
  return wrap;
}

export function checkbox(label: string, title: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const c = document.createElement("vscode-checkbox") as VscodeCheckbox;
  c.label = label;
  c.checked = checked;
  c.title = title;
  c.dataset.param = label;
  c.addEventListener("change", () => onChange(c.checked));
  return c;
}

/** Slider range of a parameter without a catalog slider: around its default, inside its valid range. */
function fallbackRange(p: ParamSpec): { min: number; max: number; step: number } {
  if (p.kind === "tensor") return { min: 0, max: 5, step: 0.05 };
  const d = typeof p.default === "number" ? p.default : 1;
  const min = p.min ?? (d > 0 ? 0 : d - 5);
  const max = p.max ?? Math.max(min + 1, d * 4 || 5);
  return { min, max, step: p.kind === "int" ? 1 : (max - min) / 100 };
}

function paramControl(record: LossRecord, p: ParamSpec, state: PlaygroundState, on: ControlEvents, t: Strings): HTMLElement {
  const value = state.params[record.className]?.[p.name] ?? paramDefault(p);
  const title = p.kind === "tensor" ? fill(t.tensorParam, p.name) : fill(t.defaultIs, p.name, defaultRepr(p));
  if (p.kind === "bool") return checkbox(p.name, title, value === true, (v) => on.param(record.className, p.name, v));
  const range = p.slider ?? fallbackRange(p);
  return slider(p.name, title, range, Number(value), (v) => on.param(record.className, p.name, v), t);
}

function plotControl(record: LossRecord, s: PlotSetting, state: PlaygroundState, on: ControlEvents, t: Strings): HTMLElement {
  const value = plotValue(record, state.plot, s.key);
  switch (s.kind) {
    case "pm1":
      return select(s.label, [["1", "1"], ["-1", "−1"]], String(value), (v) => on.plot(s.key, Number(v)));
    case "list": {
      const wrap = el("div", { class: "field" });
      const id = nextId("lst");
      wrap.append(el("label", { for: id }, s.label));
      const t = textfield((value as number[]).join(", "), s.label, (v) => {
        const xs = v.split(/[,\s]+/).filter(Boolean).map(Number);
        if (xs.length >= 1 && xs.length <= 31 && xs.every(Number.isFinite)) on.plot(s.key, xs);
        else t.value = (plotValue(record, state.plot, s.key) as number[]).join(", ");
      });
      t.id = id;
      wrap.append(t);
      return wrap;
    }
    case "number": {
      const wrap = el("div", { class: "field" });
      const id = nextId("num");
      wrap.append(el("label", { for: id }, s.label));
      const t = textfield(fmt(value as number), s.label, (v) => {
        const x = Number(v);
        if (v.trim() !== "" && Number.isFinite(x)) on.plot(s.key, x);
        else t.value = fmt(plotValue(record, state.plot, s.key) as number);
      });
      t.id = id;
      t.classList.add("number");
      wrap.append(t);
      return wrap;
    }
    default: {
      let max = s.max ?? 1;
      // The class slider follows the number of classes the "other scores" list implies.
      if (s.key === "trueClass") max = (plotValue(record, state.plot, "others") as number[]).length;
      return slider(s.label, s.label, { min: s.min ?? 0, max, step: s.step ?? 0.01 }, value as number, (v) => on.plot(s.key, v), t);
    }
  }
}

/** Rebuilds the whole panel (when the plotted losses change); slider drags only redraw the chart. */
export function renderControls(root: HTMLElement, state: PlaygroundState, lang: Lang, on: ControlEvents): void {
  const primary = getLoss(state.losses[0]);
  if (!primary) return;
  const t = strings(lang);
  root.replaceChildren();

  const choices: [string, string][] = pickable().map((r) => [r.className, r.aliasOf ? fill(t.deprecated, r.className) : r.className]);
  root.append(toolbar(select(t.loss, choices, primary.className, on.primary), state, on, t));

  const summary = el("p", { class: "summary" }, primary.summary[lang]);
  root.append(summary);
  // Opened as another loss (nn.LinearCrossEntropyLoss): say which curve this is and what it leaves out.
  const via = state.via ? getLoss(state.via) : undefined;
  if (via) root.append(el("p", { class: "summary", id: "drawn-as" }, fill(t.drawnAs, via.className, primary.className, via.since ? family(via.since) : "")));

  const candidates = overlayCandidates(primary);
  if (candidates.length) {
    const fs = el("fieldset", { class: "overlay" });
    fs.append(el("legend", {}, t.compare));
    for (const r of candidates) {
      fs.append(checkbox(r.className, fill(t.overlay, r.className), state.losses.includes(r.className), (v) => on.overlay(r.className, v)));
    }
    root.append(fs);
  }

  for (const name of state.losses) {
    const record = getLoss(name);
    if (!record) continue;
    const params = controlledParams(record);
    if (!params.length) continue;
    const fs = el("fieldset", { class: "params" });
    fs.append(el("legend", {}, fill(t.parameters, name)));
    for (const p of params) fs.append(paramControl(record, p, state, on, t));
    root.append(fs);
  }

  const fs = el("fieldset", { class: "plot" });
  fs.append(el("legend", {}, fill(t.plot, primary.plot.x[lang])));
  for (const s of plotSettings(primary, t)) fs.append(plotControl(primary, s, state, on, t));
  root.append(fs);
}

/** The loss picker, the view and the export / copy / reset buttons. */
export function toolbar(picker: HTMLElement, state: PlaygroundState, on: ControlEvents, t: Strings): HTMLElement {
  const top = el("div", { class: "toolbar" });
  top.append(picker);
  top.append(
    select(
      t.view,
      [
        ["both", t.viewBoth],
        ["loss", t.viewLoss],
        ["gradient", t.viewGradient],
      ],
      state.view,
      (v) => on.view(v as ViewMode),
    ),
  );
  const buttons = el("div", { class: "buttons" });
  const png = document.createElement("vscode-button");
  png.textContent = t.exportPng;
  png.id = "export-png";
  png.addEventListener("click", on.exportPng);
  const py = document.createElement("vscode-button");
  py.textContent = t.copyPython;
  py.id = "copy-python";
  py.secondary = true;
  py.addEventListener("click", on.copyPython);
  const reset = document.createElement("vscode-button");
  reset.textContent = t.reset;
  reset.id = "reset";
  reset.secondary = true;
  reset.addEventListener("click", on.reset);
  buttons.append(png, py, reset);
  top.append(buttons);
  return top;
}
