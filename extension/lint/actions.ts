// Quick fixes for the loss doctor's findings: the engine computed each safe edit with the finding; here it becomes
// a WorkspaceEdit. Every finding also offers "ignore this rule on this line"; correct code with a safer form
// (`BCELoss(sigmoid(x))`) gets a refactoring.
import * as vscode from "vscode";
import type { Finding } from "../../engine/lint";
import { rangeOf, SOURCE, type LintDiagnostics } from "./diagnostics";

export class LintActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];

  constructor(private readonly diagnostics: LintDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const found = this.diagnostics.findingsAt(document);
    const out: vscode.CodeAction[] = [];
    for (const r of this.diagnostics.refactorsAt(document)) {
      if (!rangeOf(r).intersection(range)) continue;
      const action = new vscode.CodeAction(r.fix.title, vscode.CodeActionKind.RefactorRewrite);
      action.edit = new vscode.WorkspaceEdit();
      for (const e of r.fix.edits) action.edit.replace(document.uri, rangeOf(e), e.newText);
      out.push(action);
    }
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE) continue;
      const rule = typeof d.code === "object" ? String(d.code.value) : String(d.code);
      const f = found.find((x) => x.rule === rule && rangeOf(x).isEqual(d.range));
      if (!f) continue;
      if (f.fix) {
        const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of f.fix.edits) action.edit.replace(document.uri, rangeOf(e), e.newText);
        action.diagnostics = [d];
        action.isPreferred = true;
        out.push(action);
      }
      out.push(ignoreAction(document, f, d));
    }
    return out;
  }
}

function ignoreAction(document: vscode.TextDocument, f: Finding, d: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(`Ignore ${f.rule} on this line`, vscode.CodeActionKind.QuickFix);
  const line = document.lineAt(f.line - 1);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, line.range.end, `  # loss-lens: ignore[${f.rule}]`);
  action.diagnostics = [d];
  return action;
}
