// Activation: register commands and providers only; everything heavy (the engine, the catalog's texts,
// the playground) loads on first use so activation stays cheap.
import * as vscode from "vscode";
import { registerCompute, type ComputeApi } from "./compute/register";
import { useShippedWasm } from "./compute/wasm";
import { registerExamples } from "./examples/register";
import { lastHoverMs, registerHover } from "./hover/register";
import { registerLint, type LintApi } from "./lint/register";
import { registerPlayground } from "./playground/register";
import { pickShown, type Item as VersionPickItem } from "./version/pick";
import { registerSnippets } from "./snippets/register";
import { registerPytorchVersion, type VersionChoice } from "./version/state";

/** How long activation took, for the integration test and the "Loss Lens" log. */
export interface LossLensApi {
  activationMs: number;
  /** The compute command's state, for the integration tests. */
  compute: ComputeApi;
  /** The loss doctor's state, for the integration tests. */
  lint: LintApi;
  /** How long the hover provider's last call took (ms). */
  hoverMs(): number | undefined;
  /** Re-reads the setting and the selected environment: the PyTorch version Loss Lens answers as. */
  pytorchVersion: () => Promise<VersionChoice>;
  /** Fires when the version pick is shown, with its items (label, description, the current one's icon). */
  onVersionPickShown: vscode.Event<readonly VersionPickItem[]>;
}

export function activate(context: vscode.ExtensionContext): LossLensApi {
  const started = performance.now();
  useShippedWasm(context.extensionUri);
  const compute = registerCompute(context);
  registerHover(context);
  registerPlayground(context);
  registerExamples(context);
  const lint = registerLint(context);
  registerSnippets(context);
  const version = registerPytorchVersion(context);
  return { activationMs: performance.now() - started, compute, lint, hoverMs: () => lastHoverMs, pytorchVersion: version.refresh, onVersionPickShown: pickShown.event };
}

export function deactivate(): void {
  // Disposables are released through context.subscriptions.
}
