// Registers the loss doctor: diagnostics, quick fixes and the effect hover for Python files and notebook cells.
import * as vscode from "vscode";
import { LintActions } from "./actions";
import { LintDiagnostics } from "./diagnostics";
import { LintHover } from "./hover";

export interface LintApi {
  /** Resolves when no analysis is pending (for the integration tests). */
  settled(): Promise<void>;
}

export function registerLint(context: vscode.ExtensionContext): LintApi {
  const diagnostics = new LintDiagnostics();
  const selector: vscode.DocumentSelector = { language: "python" };
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(selector, new LintActions(diagnostics), { providedCodeActionKinds: LintActions.kinds }),
    vscode.languages.registerHoverProvider(selector, new LintHover(diagnostics)),
  );
  return { settled: () => diagnostics.settled() };
}
