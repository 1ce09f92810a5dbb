// The loss doctor in the editor: diagnostics on .py files and notebook cells (source "Loss Lens", the rule as the
// code with a link to its explanation), refreshed on open, on edits (debounced) and on settings changes. The
// findings, with their fixes, stay here for the code actions and the hover.
import * as vscode from "vscode";
import type { Finding, Refactor } from "../../engine/lint";
import { affectsLint, lintSettings } from "../settings";
import { onDidChangeVersion, pytorchVersion } from "../version/state";

export const SOURCE = "Loss Lens";
/** Where each rule is explained (docs/lint.md has one heading per rule). */
export const DOCS = "https://github.com/loss-lens/loss-lens/blob/main/docs/lint.md";
const DEBOUNCE_MS = 350;
/** Bigger documents are not analysed: bounded work in the extension host. */
const MAX_CHARS = 2_000_000;

type Lint = typeof import("../../engine/lint");
let lintModule: Promise<Lint> | undefined;
const loadLint = () => (lintModule ??= import("../../engine/lint"));

const SEVERITY: Record<Finding["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function rangeOf(f: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
}

export class LintDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection("lossLens.lint");
  /** Findings per document URI (a notebook cell's own URI), for code actions and hovers. */
  private readonly findings = new Map<string, Finding[]>();
  /** Safe rewrites (no mistake) per document URI, offered as refactorings. */
  private readonly refactors = new Map<string, Refactor[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Resolves when no analysis is pending (the integration tests wait on it). */
  private pending = 0;
  private idle: (() => void)[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.scheduleNotebook(nb, 0)),
      vscode.workspace.onDidChangeNotebookDocument((e) => this.scheduleNotebook(e.notebook, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => nb.getCells().forEach((c) => this.forget(c.document.uri))),
      // The version's facts change some findings (BCELoss's target range): lint again when it changes.
      onDidChangeVersion(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsLint(e)) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  findingsAt(document: vscode.TextDocument): Finding[] {
    return this.findings.get(document.uri.toString()) ?? [];
  }

  refactorsAt(document: vscode.TextDocument): Refactor[] {
    return this.refactors.get(document.uri.toString()) ?? [];
  }

  /** Waits for scheduled analyses to finish. */
  settled(): Promise<void> {
    if (this.pending === 0 && this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    for (const nb of vscode.workspace.notebookDocuments) this.scheduleNotebook(nb, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.uri.scheme === "vscode-notebook-cell") {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === document));
      if (nb) this.scheduleNotebook(nb, delay);
      return;
    }
    if (document.languageId !== "python") return;
    this.debounce(document.uri.toString(), delay, () => this.lintDocument(document));
  }

  private scheduleNotebook(nb: vscode.NotebookDocument, delay: number): void {
    this.debounce(nb.uri.toString(), delay, () => this.lintNotebook(nb));
  }

  private debounce(key: string, delay: number, run: () => Promise<void>): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.pending++;
        run()
          .catch((e: unknown) => console.error(`Loss Lens lint: ${(e as Error)?.message ?? String(e)}`))
          .finally(() => {
            this.pending--;
            if (this.pending === 0 && this.timers.size === 0) this.idle.splice(0).forEach((r) => r());
          });
      }, delay),
    );
  }

  private async lintDocument(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const settings = lintSettings(document.uri);
    if (!settings.enabled) return this.set(document.uri, [], []);
    const lint = await loadLint();
    const a = lint.analyzeSource(document.getText(), { severity: settings.severity, maxChars: MAX_CHARS, pytorch: pytorchVersion().version });
    this.set(document.uri, a.findings, a.refactors);
  }

  private async lintNotebook(nb: vscode.NotebookDocument): Promise<void> {
    if (nb.isClosed) return;
    const cells = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === "python");
    const settings = lintSettings(nb.uri);
    const a = settings.enabled
      ? (await loadLint()).analyzeCells(
          cells.map((c) => ({ index: c.index, source: c.document.getText() })),
          { severity: settings.severity, maxChars: MAX_CHARS, pytorch: pytorchVersion().version },
        )
      : { findings: [], refactors: [] };
    for (const c of cells) {
      this.set(
        c.document.uri,
        a.findings.filter((f) => f.cell === c.index),
        a.refactors.filter((r) => r.cell === c.index),
      );
    }
  }

  private set(uri: vscode.Uri, found: Finding[], refactors: Refactor[]): void {
    this.findings.set(uri.toString(), found);
    this.refactors.set(uri.toString(), refactors);
    this.collection.set(
      uri,
      found.map((f) => {
        const d = new vscode.Diagnostic(rangeOf(f), f.message, SEVERITY[f.severity]);
        d.source = SOURCE;
        d.code = { value: f.rule, target: vscode.Uri.parse(`${DOCS}#${f.rule}`) };
        return d;
      }),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.refactors.delete(uri.toString());
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}
