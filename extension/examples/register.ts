// "Loss Lens: Open Example": a demo file shipped in the .vsix, opened as an untitled Python editor so the
// walkthrough's hover, compute and playground steps have code to act on in any workspace (or none).
import * as vscode from "vscode";

/** The demo files the .vsix ships (.vscodeignore), by the name a walkthrough link passes. */
export const examples = ["cross_entropy", "custom_loss", "kldiv", "l1_mse"] as const;

export function registerExamples(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand("lossLens.openExample", async (arg?: unknown) => {
      let name = typeof arg === "string" && (examples as readonly string[]).includes(arg) ? arg : undefined;
      name ??= await vscode.window.showQuickPick([...examples], { placeHolder: vscode.l10n.t("Open which example?") });
      if (!name) return undefined;
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, "demo", `${name}.py`));
      const document = await vscode.workspace.openTextDocument({ language: "python", content: new TextDecoder().decode(bytes) });
      return vscode.window.showTextDocument(document);
    }),
  );
}
