// What a compute leaves in the editor: an inline decoration after each loss statement (hover: full value,
// per-element loss, gradients, actions) and diagnostics; both cleared when the code changes.
import * as vscode from "vscode";
import type { PyTorchVersion } from "../../engine/api/types";
import type { LossEvaluation } from "../../engine/python/types";
import type { Heavy } from "./runtime";

export interface Shown {
  id: string;
  evaluation: LossEvaluation;
  uri: vscode.Uri;
  range: vscode.Range;
  text: string;
  hover: vscode.MarkdownString;
}

/** A decoration as the tests see it. */
export interface DecorationInfo {
  /** The result's id, for lossLens.compute.copyResult / openPlayground. */
  id: string;
  range: vscode.Range;
  text: string;
  hover: string;
}

export class ResultStore implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: {
      margin: "0 0 0 1.5em",
      // The information colour reads well on light and dark themes; inlay-hint greys were too faint to find.
      color: new vscode.ThemeColor("editorInfo.foreground"),
    },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  readonly diagnostics = vscode.languages.createDiagnosticCollection("Loss Lens");
  /** Shown results per document URI; `group` ties a notebook's cells together (editing one clears them all). */
  private readonly byDoc = new Map<string, { group: string; shown: Shown[] }>();
  private readonly byId = new Map<string, Shown>();
  private next = 0;
  last: Shown | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const entry = this.byDoc.get(e.document.uri.toString());
        const group = entry?.group ?? groupOf(e.document);
        this.clearGroup(group);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((ed) => this.paint(ed))),
    );
  }

  newId(): string {
    return `r${this.next++}`;
  }

  get(id: string | undefined): Shown | undefined {
    return id === undefined ? this.last : this.byId.get(id);
  }

  /** Replaces what a run showed in `group` with its new results and diagnostics. */
  show(group: string, shown: Shown[], diagnostics: Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>): void {
    this.clearGroup(group);
    for (const s of shown) {
      const key = s.uri.toString();
      const entry = this.byDoc.get(key) ?? { group, shown: [] };
      entry.shown.push(s);
      this.byDoc.set(key, entry);
      this.byId.set(s.id, s);
      this.last = s;
    }
    // The palette lists the result actions once there is a result to act on.
    if (this.last) void vscode.commands.executeCommand("setContext", "lossLens.hasResult", true);
    for (const { uri, list } of diagnostics.values()) {
      this.diagnostics.set(uri, list);
      if (!this.byDoc.has(uri.toString())) this.byDoc.set(uri.toString(), { group, shown: [] });
    }
    for (const ed of vscode.window.visibleTextEditors) this.paint(ed);
  }

  private clearGroup(group: string): void {
    for (const [key, entry] of [...this.byDoc]) {
      if (entry.group !== group) continue;
      this.byDoc.delete(key);
      for (const s of entry.shown) this.byId.delete(s.id);
      this.diagnostics.delete(vscode.Uri.parse(key));
      for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === key) ed.setDecorations(this.type, []);
    }
  }

  private paint(editor: vscode.TextEditor): void {
    const entry = this.byDoc.get(editor.document.uri.toString());
    editor.setDecorations(
      this.type,
      (entry?.shown ?? []).map((s) => ({ range: s.range, hoverMessage: s.hover, renderOptions: { after: { contentText: s.text } } })),
    );
  }

  decorations(uri: vscode.Uri): DecorationInfo[] {
    return (this.byDoc.get(uri.toString())?.shown ?? []).map((s) => ({ id: s.id, range: s.range, text: s.text, hover: s.hover.value }));
  }

  dispose(): void {
    this.type.dispose();
    this.diagnostics.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}

/** A notebook cell belongs to its notebook's group; a file is its own group. */
export function groupOf(doc: vscode.TextDocument): string {
  if (doc.uri.scheme === "vscode-notebook-cell") {
    const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
    if (nb) return nb.uri.toString();
  }
  return doc.uri.toString();
}

/** The decoration text: `= tensor(0.2014)`, flagged when the inputs were random. */
export function decorationText(lib: Heavy, e: LossEvaluation): string {
  const random = e.random ? `  ⚄ ${vscode.l10n.t("random inputs")}` : "";
  return `= ${lib.shortRepr(e.value)}${random}`;
}


/** The hover: full value, per-element loss, gradients, the PyTorch that answered, and the two actions. */
export function hoverFor(lib: Heavy, id: string, e: LossEvaluation, pytorch: PyTorchVersion): vscode.MarkdownString {
  // Text from the user's file (names, option strings) is escaped for Markdown; code blocks are fenced longer
  // than any backtick run in them; the links are trusted for Loss Lens's two result commands only.
  const fence = (s: string) => lib.codeBlock(s, "python");
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ["lossLens.compute.openPlayground", "lossLens.compute.copyResult"] };
  const arg = encodeURIComponent(JSON.stringify([id]));
  md.appendMarkdown(`**${lib.userText(lib.describeOptions(e))}** · ${vscode.l10n.t("PyTorch {0}", pytorch)}

`);
  // The playground draws torch's losses: a user's own loss (e.own) has only the copy action.
  const playground = e.own ? "" : `[${vscode.l10n.t("Open in Playground")}](command:lossLens.compute.openPlayground?${arg}) · `;
  md.appendMarkdown(playground + `[${vscode.l10n.t("Copy as Python")}](command:lossLens.compute.copyResult?${arg})\n\n`);
  if (e.random) md.appendMarkdown(`⚄ ${vscode.l10n.t("Random inputs: drawn as PyTorch draws them after torch.manual_seed (0 unless the code seeds it); an unseeded run draws others.")}\n\n`);
  md.appendMarkdown(fence(`${e.target ?? "loss"} = ${lib.fullRepr(e.value)}`) + "\n\n");
  if (e.value.shape.length > 0 || e.perElement.shape.length > 0) {
    md.appendMarkdown(`${vscode.l10n.t("Per-element loss")}\n\n` + fence(lib.compactRepr(e.perElement)) + "\n\n");
  }
  const grads = Object.entries(e.grads);
  if (grads.length) {
    md.appendMarkdown(`${vscode.l10n.t("Gradients")}\n\n` + fence(grads.map(([n, g]) => `${n}.grad = ${lib.compactRepr(g)}`).join("\n")) + "\n\n");
  }
  if ([e.perElement, ...grads.map(([, g]) => g)].some((t) => t.data.length > 100)) md.appendMarkdown(`*${vscode.l10n.t("Every element is in the Loss Lens output.")}*`);
  return md;
}
