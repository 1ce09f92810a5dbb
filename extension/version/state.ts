// Which PyTorch version Loss Lens answers as: the setting lossLens.pytorchVersion, or with "auto" the torch found in
// the selected Python environment (the nearest supported version), else the newest. A status bar item shows it and
// switches it (quick pick); compute and hover read it through pytorchVersion().
import * as vscode from "vscode";
import { NEWEST_PYTORCH, PYTORCH_VERSIONS, isPyTorchVersion, pytorchVersionOf, type PyTorchVersion } from "../../engine/api/versions";
import { detectTorch, onEnvironmentChange, type Detected } from "./detect";
import { pickVersion } from "./pick";

export const PICK_COMMAND = "lossLens.pickPytorchVersion";

export interface VersionChoice {
  version: PyTorchVersion;
  /** "setting": chosen in lossLens.pytorchVersion; "environment": the selected environment's torch; "default": none found. */
  source: "setting" | "environment" | "default";
  /** The environment's torch version and where it was read (or why there is none). */
  detected?: Detected;
}

let choice: VersionChoice = { version: NEWEST_PYTORCH, source: "default" };
const changed = new vscode.EventEmitter<VersionChoice>();

/** Fires when the version answered as changes (the playground page and the lints follow it). */
export const onDidChangeVersion = changed.event;

/** The version compute and hover answer as. */
export function pytorchVersion(): VersionChoice {
  return choice;
}

/** A torch version string's supported version: itself, else the one of its major version, else the newest. */
export function nearestSupported(torch: string): PyTorchVersion {
  const exact = pytorchVersionOf(torch);
  if (exact) return exact;
  const major = torch.split(".")[0];
  return PYTORCH_VERSIONS.find((v) => v.split(".")[0] === major) ?? NEWEST_PYTORCH;
}

export async function resolveChoice(): Promise<VersionChoice> {
  const setting = vscode.workspace.getConfiguration("lossLens").get<string>("pytorchVersion", "auto");
  if (isPyTorchVersion(setting)) return { version: setting, source: "setting" };
  const detected = await detectTorch(vscode.window.activeTextEditor?.document.uri);
  if (detected.torch) return { version: nearestSupported(detected.torch), source: "environment", detected };
  return { version: NEWEST_PYTORCH, source: "default", detected };
}

function describe(c: VersionChoice): string {
  if (c.source === "setting") return vscode.l10n.t("PyTorch {0}: set in lossLens.pytorchVersion", c.version);
  if (c.source === "environment") return vscode.l10n.t("PyTorch {0}: torch {1} in the selected environment ({2})", c.version, c.detected!.torch!, c.detected!.from);
  return vscode.l10n.t("PyTorch {0}: the newest supported ({1})", c.version, c.detected?.from ?? "");
}

export function registerPytorchVersion(context: vscode.ExtensionContext): { refresh(): Promise<VersionChoice> } {
  const item = vscode.window.createStatusBarItem("lossLens.pytorchVersion", vscode.StatusBarAlignment.Right, 100);
  item.name = "Loss Lens: PyTorch version";
  item.command = PICK_COMMAND;
  const refresh = async (): Promise<VersionChoice> => {
    const before = choice.version;
    choice = await resolveChoice();
    if (choice.version !== before) changed.fire(choice);
    item.text = `$(flame) PyTorch ${choice.version}`;
    item.tooltip = `${describe(choice)}\n${vscode.l10n.t("Click to choose the PyTorch version Loss Lens answers as.")}`;
    item.show();
    return choice;
  };
  context.subscriptions.push(
    item,
    changed,
    // Returns the version in force afterwards (the integration tests read it), undefined when dismissed.
    vscode.commands.registerCommand(PICK_COMMAND, async (arg?: unknown) => ((await pickVersion(arg, describe(choice), nearestSupported)) ? refresh() : undefined)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("lossLens.pytorchVersion")) void refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refresh()),
  );
  void onEnvironmentChange(() => void refresh()).then((d) => d && context.subscriptions.push(d));
  void refresh();
  return { refresh };
}
