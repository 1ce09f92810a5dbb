// Loss Lens settings, typed and read in one place. (The lint settings live here first; the older ones are still
// read where they are used and can move here.)
import * as vscode from "vscode";
import type { Rule, Severity } from "../engine/lint/rules";

export interface LintSettings {
  /** `lossLens.lint.enabled`: the loss doctor's diagnostics, quick fixes and hovers. */
  enabled: boolean;
  /** `lossLens.lint.severity`: per rule, a severity or "off"; unlisted rules keep their default. */
  severity: Partial<Record<Rule, Severity | "off">>;
}

const SEVERITIES = new Set(["error", "warning", "information", "hint", "off"]);

export function lintSettings(scope?: vscode.ConfigurationScope): LintSettings {
  const c = vscode.workspace.getConfiguration("lossLens.lint", scope);
  const raw = c.get<Record<string, unknown>>("severity", {}) ?? {};
  const severity: LintSettings["severity"] = {};
  // Keys are the rule names (package.json lists them); an unknown key matches no finding and does nothing.
  for (const [rule, v] of Object.entries(raw)) {
    if (typeof v === "string" && SEVERITIES.has(v)) severity[rule as Rule] = v as Severity | "off";
  }
  return { enabled: c.get<boolean>("enabled", true), severity };
}

/** True when a configuration change touches the lint settings. */
export function affectsLint(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration("lossLens.lint");
}
