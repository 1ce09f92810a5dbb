// The status bar item's command: a quick pick of auto / 2.13 / 1.13 (the setting in force marked and focused,
// auto showing what it finds in the selected environment now) that writes lossLens.pytorchVersion where
// target.ts says. An argument ("auto", "2.13", "1.13") skips the pick (keybindings, tests).
import * as vscode from "vscode";
import { NEWEST_PYTORCH, PYTORCH_VERSIONS, isPyTorchVersion } from "../../engine/api/versions";
import { detectTorch } from "./detect";
import { pickWrite, type PickWrite } from "./target";

export interface Item extends vscode.QuickPickItem {
  value: string;
}

/** Fires when the pick is on screen, with its items (the integration tests drive it from there). */
export const pickShown = new vscode.EventEmitter<readonly Item[]>();

/** What auto answers as here and now, in words: "2.13: torch 2.13.0+cpu in /venv/..." or "2.13, the newest: no Python extension". */
async function autoDescription(nearest: (torch: string) => string): Promise<string> {
  const found = await detectTorch(vscode.window.activeTextEditor?.document.uri);
  if (found.torch) return vscode.l10n.t("now {0}: torch {1} in {2}", nearest(found.torch), found.torch, found.from);
  return vscode.l10n.t("now {0}, the newest: {1}", NEWEST_PYTORCH, found.from);
}

function items(current: string, auto: string): Item[] {
  const list: Item[] = [
    { value: "auto", label: "auto", description: auto, detail: vscode.l10n.t("The torch of the Python environment selected in the Python extension, else the newest supported version") },
    ...PYTORCH_VERSIONS.map((v) => ({
      value: v,
      label: v,
      description: v === NEWEST_PYTORCH ? vscode.l10n.t("newest") : "",
      detail: vscode.l10n.t("Answer as PyTorch {0} whatever the environment holds", v),
    })),
  ];
  for (const item of list) {
    if (item.value !== current) continue;
    item.iconPath = new vscode.ThemeIcon("check");
    item.description = [vscode.l10n.t("current"), item.description].filter(Boolean).join(" · ");
  }
  return list;
}

/** Shows the pick (current item active) and resolves with the chosen value, or undefined when dismissed. */
function showPick(list: Item[], current: string, title: string, placeholder: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = list;
  qp.activeItems = list.filter((i) => i.value === current);
  return new Promise((resolve) => {
    let chosen: string | undefined;
    qp.onDidAccept(() => {
      chosen = qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
    pickShown.fire(list);
  });
}

/** Where (and what) to write so that `value` is the setting in force. */
function writeFor(value: string): PickWrite {
  const seen = vscode.workspace.getConfiguration("lossLens").inspect<string>("pytorchVersion");
  const open = (vscode.workspace.workspaceFolders?.length ?? 0) > 0 || vscode.workspace.workspaceFile !== undefined;
  return pickWrite({ globalValue: seen?.globalValue, workspaceValue: seen?.workspaceValue }, value, { open, trusted: vscode.workspace.isTrusted });
}

/** Writes the picked value; returns false when it is not a value of the setting. */
export async function writeVersion(value: string): Promise<boolean> {
  if (value !== "auto" && !isPyTorchVersion(value)) return false;
  const write = writeFor(value);
  const target = write.target === "workspace" ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration("lossLens").update("pytorchVersion", write.value, target);
  return true;
}

/**
 * The command: with an argument, writes it; else asks. `describe` is the status bar's account of the version in
 * force (the pick's placeholder), `nearest` maps a torch version to the supported one.
 */
export async function pickVersion(arg: unknown, describe: string, nearest: (torch: string) => string): Promise<boolean> {
  if (typeof arg === "string") return writeVersion(arg);
  const current = vscode.workspace.getConfiguration("lossLens").get<string>("pytorchVersion", "auto");
  const list = items(current, await autoDescription(nearest));
  const title =
    writeFor(current).target === "workspace"
      ? vscode.l10n.t("PyTorch version Loss Lens answers as (saved in this workspace's settings)")
      : vscode.l10n.t("PyTorch version Loss Lens answers as (saved in your user settings)");
  const chosen = await showPick(list, current, title, describe);
  return chosen !== undefined && (chosen === current || (await writeVersion(chosen)));
}
