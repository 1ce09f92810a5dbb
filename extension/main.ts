// Activation: register commands and providers only; everything heavy (the engine, the catalog's texts,
// the playground) loads on first use so activation stays cheap.
import * as vscode from "vscode";
import { registerCompute, type ComputeApi } from "./compute/register";
import { registerExamples } from "./examples/register";
import { lastHoverMs, registerHover } from "./hover/register";
import { registerLint, type LintApi } from "./lint/register";
import { registerPlayground } from "./playground/register";

/** How long activation took, for the integration test and the "Loss Lens" log. */
export interface LossLensApi {
  activationMs: number;
  /** The compute command's state, for the integration tests. */
  compute: ComputeApi;
  /** The loss doctor's state, for the integration tests. */
  lint: LintApi;
  /** How long the hover provider's last call took (ms). */
  hoverMs(): number | undefined;
}

export function activate(context: vscode.ExtensionContext): LossLensApi {
  const started = performance.now();
  const compute = registerCompute(context);
  registerHover(context);
  registerPlayground(context);
  registerExamples(context);
  const lint = registerLint(context);
  return { activationMs: performance.now() - started, compute, lint, hoverMs: () => lastHoverMs };
}

export function deactivate(): void {
  // Disposables are released through context.subscriptions.
}
