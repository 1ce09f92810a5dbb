// The evaluation limits from the settings. Each setting that lifts a limit is a restricted configuration
// (package.json capabilities.untrustedWorkspaces.restrictedConfigurations): in an untrusted workspace only the
// user's own (global) value counts, never the workspace's, so a cloned repository cannot lift a limit.
import * as vscode from "vscode";
import type { EvalLimits } from "../../engine/compute/session";

/** Passive features (the Compute and Plot CodeLenses, the plot hover) read files up to 300 KB (a realistic
 * 5,000-line file is 235 KB) and parse for at most 30 ms: past either they decline rather than hold the host. */
export const LENS_MAX_CHARS = 300_000;
export const LENS_BUDGET_MS = 30;

function setting(key: string): number | undefined {
  const config = vscode.workspace.getConfiguration("lossLens");
  if (vscode.workspace.isTrusted) return config.get<number>(key);
  const seen = config.inspect<number>(key);
  return seen?.globalValue ?? seen?.defaultValue;
}

export function evalLimits(): EvalLimits {
  return { maxElements: setting("maxElements"), maxWork: setting("maxWork"), maxMemoryMB: setting("maxMemoryMB") };
}
