// The selected-tensors flow: pick a loss among those that fit, then only the options that matter
// (reduction and the loss's own knobs, from the catalog), remembering the last choices per workspace.
import * as vscode from "vscode";
import type { LossRecord, ParamSpec, ParamValue } from "../../engine/catalog/types";
import { currentLanguage } from "../hover/language";

/** What a prompt shows, for the integration tests that drive it. */
export interface PromptInfo {
  kind: "loss" | "option";
  title: string;
  items: string[];
  active: string[];
  value: string;
}

let current: PromptInfo | undefined;
export const activePrompt = (): PromptInfo | undefined => current;

interface Memory {
  loss?: string;
  options?: Record<string, Record<string, ParamValue>>;
}
const KEY = "lossLens.compute.choices";

function pick<T extends vscode.QuickPickItem>(title: string, items: T[], active: T | undefined, token: vscode.CancellationToken): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = title;
    qp.items = items;
    if (active) qp.activeItems = [active];
    qp.matchOnDescription = true;
    const info: PromptInfo = { kind: "loss", title, items: items.map((i) => i.label), active: active ? [active.label] : [], value: "" };
    current = info;
    let done = false;
    const finish = (v: T | undefined) => {
      if (done) return;
      done = true;
      current = undefined;
      resolve(v);
      qp.dispose();
    };
    qp.onDidChangeActive((a) => (info.active = a.map((i) => i.label)));
    qp.onDidAccept(() => finish(qp.activeItems[0] ?? qp.selectedItems[0]));
    qp.onDidHide(() => finish(undefined));
    token.onCancellationRequested(() => finish(undefined));
    qp.show();
  });
}

function input(title: string, value: string, validate: (s: string) => string | undefined, token: vscode.CancellationToken): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.value = value;
    current = { kind: "option", title, items: [], active: [], value };
    let done = false;
    const finish = (v: string | undefined) => {
      if (done) return;
      done = true;
      current = undefined;
      resolve(v);
      box.dispose();
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = validate(v);
      if (current) current.value = v;
    });
    box.onDidAccept(() => {
      if (validate(box.value)) return;
      finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    token.onCancellationRequested(() => finish(undefined));
    box.show();
  });
}

/** The loss to compute: the file's own criterion first (preselected), else the last one chosen. */
export async function pickLoss(
  state: vscode.Memento,
  fits: LossRecord[],
  own: string | null,
  token: vscode.CancellationToken,
): Promise<LossRecord | undefined> {
  const lang = currentLanguage();
  const memory = state.get<Memory>(KEY) ?? {};
  const ordered = own && fits.some((r) => r.className === own) ? [fits.find((r) => r.className === own) as LossRecord, ...fits.filter((r) => r.className !== own)] : fits;
  const items = ordered.map((r) => ({
    label: r.className,
    description: r.className === own ? vscode.l10n.t("used in this code") : r.functional ? `F.${r.functional}` : "",
    detail: r.summary[lang],
    record: r,
  }));
  const preferred = items.find((i) => i.label === own) ?? items.find((i) => i.label === memory.loss) ?? items[0];
  const chosen = await pick(vscode.l10n.t("Loss Lens: which loss? ({0} fit these tensors)", items.length), items, preferred, token);
  if (chosen) await state.update(KEY, { ...memory, loss: chosen.label });
  return chosen?.record;
}

/** The parameters worth asking about: reduction, and the knobs that change this loss (the catalog's plot controls). */
export function paramsToAsk(record: LossRecord): ParamSpec[] {
  const names = ["reduction", ...record.plot.controls];
  return record.params.filter((p) => names.includes(p.name) && !p.deprecated && ["reduction", "float", "int", "bool"].includes(p.kind));
}

function parseNumber(spec: ParamSpec, s: string): number | undefined {
  const t = s.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  if (spec.kind === "int" && !Number.isInteger(v)) return undefined;
  return v;
}

function rangeProblem(spec: ParamSpec, v: number): string | undefined {
  if (spec.min !== undefined && (spec.minExclusive ? v <= spec.min : v < spec.min)) return vscode.l10n.t("{0} must be {1} {2}", spec.name, spec.minExclusive ? ">" : "≥", spec.min);
  if (spec.max !== undefined && v > spec.max) return vscode.l10n.t("{0} must be ≤ {1}", spec.name, spec.max);
  return undefined;
}

/** Asks each parameter in turn (Enter keeps the shown value); undefined when the user escapes. */
export async function askOptions(state: vscode.Memento, record: LossRecord, token: vscode.CancellationToken): Promise<Record<string, ParamValue> | undefined> {
  const memory = state.get<Memory>(KEY) ?? {};
  const last = memory.options?.[record.className] ?? {};
  const chosen: Record<string, ParamValue> = {};
  for (const spec of paramsToAsk(record)) {
    const current = last[spec.name] ?? spec.default;
    const title = vscode.l10n.t("{0}: {1}", record.className, spec.name);
    if (spec.kind === "reduction" || spec.kind === "bool") {
      const values: ParamValue[] = spec.kind === "bool" ? [true, false] : (spec.choices ?? []);
      const items = values.map((v) => ({
        label: spec.kind === "bool" ? (v ? "True" : "False") : String(v),
        description: v === spec.default ? vscode.l10n.t("default") : "",
        value: v,
      }));
      const got = await pick(title, items, items.find((i) => i.value === current), token);
      if (!got) return undefined;
      chosen[spec.name] = got.value;
    } else {
      const s = await input(title, String(current), (v) => {
        const n = parseNumber(spec, v);
        return n === undefined ? vscode.l10n.t("{0} must be a number", spec.name) : rangeProblem(spec, n);
      }, token);
      if (s === undefined) return undefined;
      chosen[spec.name] = parseNumber(spec, s) as number;
    }
  }
  await state.update(KEY, { ...memory, options: { ...(memory.options ?? {}), [record.className]: chosen } });
  return chosen;
}
