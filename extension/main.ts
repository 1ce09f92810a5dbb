// Activation: register commands and providers only; everything heavy (the engine, the catalog's texts,
// the playground) loads on first use so activation stays cheap.
import * as vscode from "vscode";
import { registerHover } from "./hover/register";
import { registerPlayground } from "./playground/register";

/** How long activation took, for the integration test and the "Loss Lens" log. */
export interface LossLensApi {
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LossLensApi {
  const started = performance.now();
  context.subscriptions.push(
    vscode.commands.registerCommand("lossLens.computeLoss", () => {
      void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: select tensor code to compute."));
    }),
  );
  registerHover(context);
  registerPlayground(context);
  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Disposables are released through context.subscriptions.
}
