// Activation: register commands and providers only; everything heavy (the engine, the catalog's texts,
// the playground) loads on first use so activation stays cheap.
import * as vscode from "vscode";
import { registerCompute, type ComputeApi } from "./compute/register";
import { registerHover } from "./hover/register";
import { registerPlayground } from "./playground/register";
import { registerPytorchVersion, type VersionChoice } from "./version/state";

/** How long activation took, for the integration test and the "Loss Lens" log. */
export interface LossLensApi {
  activationMs: number;
  /** The compute command's state, for the integration tests. */
  compute: ComputeApi;
  /** Re-reads the setting and the selected environment: the PyTorch version Loss Lens answers as. */
  pytorchVersion: () => Promise<VersionChoice>;
}

export function activate(context: vscode.ExtensionContext): LossLensApi {
  const started = performance.now();
  const compute = registerCompute(context);
  registerHover(context);
  registerPlayground(context);
  const version = registerPytorchVersion(context);
  return { activationMs: performance.now() - started, compute, pytorchVersion: version.refresh };
}

export function deactivate(): void {
  // Disposables are released through context.subscriptions.
}
