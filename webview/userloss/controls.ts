// The control panel for a loss from the user's code: what to vary, one slider per numeric parameter with a
// default (the function's or the constructor's), kept curves, the built-ins to compare with, the held inputs.
import type { Lang } from "../../engine/catalog/types";
import { checkbox, el, fmt, select, slider, textfield, toolbar, type ControlEvents } from "../controls";
import type { PlaygroundState, UserPlotState, UserSweepMode } from "../protocol";
import { pickable } from "../state";
import { fill, strings, type Strings } from "../strings";
import type { Opened } from "./api";
import { sliderRange } from "./sliders";
import { COMPARE, USER_RANGE, userOthers } from "./view";

export interface UserControlEvents extends ControlEvents {
  userValue(name: string, value: number): void;
  userMode(mode: UserSweepMode): void;
  pin(): void;
  unpin(): void;
}

function numberField(label: string, value: number, onCommit: (v: number) => void): HTMLElement {
  const wrap = el("div", { class: "field" });
  const id = `user-${label.replace(/\W+/g, "-")}`;
  wrap.append(el("label", { for: id }, label));
  const f = textfield(fmt(value), label, (v) => {
    const x = Number(v);
    if (v.trim() !== "" && Number.isFinite(x)) onCommit(x);
    else f.value = fmt(value);
  });
  f.id = id;
  f.classList.add("number");
  wrap.append(f);
  return wrap;
}

function plotFields(user: UserPlotState, state: PlaygroundState, on: UserControlEvents, t: Strings): HTMLElement {
  const fs = el("fieldset", { class: "plot" });
  fs.append(el("legend", {}, fill(t.plot, fill(t.userAxis[user.mode], "").trim())));
  fs.append(
    select(
      t.sweepMode,
      [
        ["error", t.modeError],
        ["input", t.modeInput],
        ["class", t.modeClass],
        ["margin", t.modeMargin],
      ],
      user.mode,
      (v) => on.userMode(v as UserSweepMode),
    ),
  );
  const [lo, hi] = USER_RANGE[user.mode];
  const n = (k: string, d: number) => (typeof state.plot[k] === "number" ? (state.plot[k] as number) : d);
  fs.append(numberField(t.xFrom, n("xMin", lo), (v) => on.plot("xMin", v)));
  fs.append(numberField(t.xTo, n("xMax", hi), (v) => on.plot("xMax", v)));
  if (user.mode === "class" || user.mode === "margin") {
    const others = userOthers(state.plot);
    fs.append(slider(t.targetClass, t.targetClass, { min: 0, max: others.length, step: 1 }, n("trueClass", 0), (v) => on.plot("trueClass", v), t));
    const wrap = el("div", { class: "field" });
    wrap.append(el("label", { for: "user-others" }, t.otherScores));
    const f = textfield(others.join(", "), t.otherScores, (v) => {
      const xs = v.split(/[,\s]+/).filter(Boolean).map(Number);
      if (xs.length >= 1 && xs.length <= 31 && xs.every(Number.isFinite)) on.plot("others", xs);
      else f.value = others.join(", ");
    });
    f.id = "user-others";
    wrap.append(f);
    fs.append(wrap);
  } else {
    const range = user.mode === "input" ? { min: 0, max: 1, step: 0.01 } : { min: -5, max: 5, step: 0.05 };
    fs.append(slider(t.heldTarget, t.heldTarget, range, n("target", user.mode === "input" ? 1 : 0), (v) => on.plot("target", v), t));
  }
  return fs;
}

/** Rebuilds the panel for a user loss (`opened` null while the evaluator loads or when the code has an error). */
export function renderUserControls(root: HTMLElement, state: PlaygroundState & { user: UserPlotState }, opened: Extract<Opened, { ok: true }> | null, lang: Lang, on: UserControlEvents): void {
  const t = strings(lang);
  const user = state.user;
  root.replaceChildren();
  const mine = `user:${user.loss.name}`;
  const choices: [string, string][] = [[mine, user.loss.name], ...pickable().map((r): [string, string] => [r.className, r.aliasOf ? fill(t.deprecated, r.className) : r.className])];
  root.append(toolbar(select(t.loss, choices, mine, (v) => v !== mine && on.primary(v)), state, on, t));
  const kind = opened?.kind === "class" ? t.userKindClass : t.userKindFunction;
  root.append(el("p", { class: "summary" }, fill(t.userTitle, kind, user.loss.file, user.loss.line)));

  const params = el("fieldset", { class: "params" });
  params.append(el("legend", {}, fill(t.userParams, user.loss.name)));
  for (const p of opened?.params ?? []) {
    const value = user.values[p.name] ?? p.default;
    params.append(slider(p.name, `${p.name}, default ${p.default}`, sliderRange(p, value), value, (v) => on.userValue(p.name, v), t));
  }
  if (opened && !opened.params.length) params.append(el("p", { class: "note" }, fill(t.noParams, user.loss.name)));
  const buttons = el("div", { class: "buttons" });
  const pin = document.createElement("vscode-button");
  pin.textContent = t.pin;
  pin.id = "pin-curve";
  pin.secondary = true;
  pin.addEventListener("click", on.pin);
  buttons.append(pin);
  if (user.pinned.length) {
    const unpin = document.createElement("vscode-button");
    unpin.textContent = t.unpin;
    unpin.id = "unpin-curves";
    unpin.secondary = true;
    unpin.addEventListener("click", on.unpin);
    buttons.append(unpin);
  }
  params.append(buttons);
  root.append(params);

  const compare = el("fieldset", { class: "overlay" });
  compare.append(el("legend", {}, t.compare));
  for (const name of COMPARE[user.mode]) {
    compare.append(checkbox(name, fill(t.overlay, name), state.losses.includes(name), (v) => on.overlay(name, v)));
  }
  root.append(compare);
  root.append(plotFields(user, state, on, t));
}
