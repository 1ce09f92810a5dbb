// Registers "Loss Lens: Compute Loss": the command (palette, editor context menu, keybinding), its CodeLens,
// the result actions (open in the playground, copy as Python), and a small API the integration tests read.
import * as vscode from "vscode";
import { LENS_BUDGET_MS, LENS_MAX_CHARS } from "./limits";
import { activePrompt, type PromptInfo } from "./prompts";
import { ResultStore, type DecorationInfo } from "./results";
import { ComputeRunner, type RunOutcome } from "./run";
import { loadAnalysis, loadRuntime } from "./runtime";
import { startComputeClient } from "./worker/shared";

export interface ComputeApi {
  /** The decorations currently shown in a document. */
  decorations(uri: vscode.Uri): DecorationInfo[];
  /** The loss / option prompt on screen, if any. */
  prompt(): PromptInfo | undefined;
  /** How long the CodeLens provider's last call held the host thread (ms), for the integration tests. */
  lensMs(): number | undefined;
  /** Runs a compute as the command does, with a token the caller controls. */
  run(options?: { line?: number; token?: vscode.CancellationToken }): Promise<RunOutcome | undefined>;
}

interface LensArg {
  uri: string;
  line: number;
}

/** A file alone, or a notebook's python code cells up to this one. */
function cellsUpTo(doc: vscode.TextDocument): vscode.TextDocument[] {
  if (doc.uri.scheme !== "vscode-notebook-cell") return [doc];
  const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
  const cells = nb?.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === "python") ?? [];
  const at = cells.findIndex((c) => c.document === doc);
  return at >= 0 ? cells.slice(0, at + 1).map((c) => c.document) : [doc];
}


function isLensArg(a: unknown): a is LensArg {
  return typeof a === "object" && a !== null && typeof (a as LensArg).uri === "string" && typeof (a as LensArg).line === "number";
}

export function registerCompute(context: vscode.ExtensionContext): ComputeApi {
  const store = new ResultStore();
  const client = startComputeClient(context);
  const runner = new ComputeRunner(context, store, client);
  const lensChanged = new vscode.EventEmitter<void>();

  const run = async (editor: vscode.TextEditor | undefined, line?: number, token?: vscode.CancellationToken): Promise<RunOutcome | undefined> => {
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: open a Python file or notebook and select tensor code to compute."));
      return undefined;
    }
    return runner.run({ editor, line, token });
  };

  let lastLensMs: number | undefined;
  const lensesFor = async (doc: vscode.TextDocument): Promise<vscode.CodeLens[]> => {
    if (!vscode.workspace.getConfiguration("lossLens").get<boolean>("codeLens.enabled", true)) return [];
    // A notebook cell reads the cells above too (a criterion made there is called here).
    const cells = cellsUpTo(doc);
    // Passive: a file past the size cap, or one whose parse outlasts the time budget, gets no lenses
    // (the compute command still works on it) rather than hold the extension host.
    if (cells.reduce((n, d) => n + d.offsetAt(new vscode.Position(d.lineCount, 0)), 0) > LENS_MAX_CHARS) return [];
    const analysis = await loadAnalysis();
    const texts = cells.map((d) => d.getText());
    let statements;
    try {
      statements = analysis.readStatements(texts, { deadline: performance.now() + LENS_BUDGET_MS });
    } catch {
      return [];
    }
    return statements
      // Torch's losses and the user's own (loss = criterion(x, y) with criterion = FocalLoss()).
      .filter((s) => (s.loss ?? s.own) && s.cell === cells.length - 1)
      .map(
        (s) =>
          new vscode.CodeLens(new vscode.Range(s.span.line - 1, 0, s.span.line - 1, 0), {
            title: vscode.l10n.t("Compute"),
            tooltip: vscode.l10n.t("Loss Lens: compute {0} here", (s.loss ?? s.own) as string),
            command: "lossLens.computeLoss",
            arguments: [{ uri: doc.uri.toString(), line: s.span.line - 1 } satisfies LensArg],
          }),
      );
  };

  context.subscriptions.push(
    store,
    lensChanged,
    vscode.commands.registerCommand("lossLens.computeLoss", async (arg?: unknown) => {
      if (isLensArg(arg)) {
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === arg.uri);
        return run(editor, arg.line);
      }
      // From the context menu the argument is the file's URI: the active editor holds the selection.
      return run(vscode.window.activeTextEditor);
    }),
    vscode.commands.registerCommand("lossLens.compute.openPlayground", (id?: string) => {
      const shown = store.get(id);
      if (!shown) return void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: compute a loss first."));
      return vscode.commands.executeCommand("lossLens.openPlayground", { loss: shown.evaluation.loss, case: shown.evaluation });
    }),
    vscode.commands.registerCommand("lossLens.compute.copyResult", async (id?: string) => {
      const shown = store.get(id);
      if (!shown) return void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: compute a loss first."));
      const { lib } = await loadRuntime();
      const text = lib.pythonLiteral(shown.evaluation.value);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(vscode.l10n.t("Loss Lens: result copied as Python"), 3000);
      return text;
    }),
    vscode.languages.registerCodeLensProvider(
      { language: "python" },
      {
        onDidChangeCodeLenses: lensChanged.event,
        async provideCodeLenses(doc) {
          const started = performance.now();
          try {
            return await lensesFor(doc);
          } finally {
            lastLensMs = performance.now() - started;
          }
        },
      },
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("lossLens.codeLens.enabled")) lensChanged.fire();
    }),
  );

  return {
    decorations: (uri) => store.decorations(uri),
    lensMs: () => lastLensMs,
    prompt: activePrompt,
    run: (options = {}) => run(vscode.window.activeTextEditor, options.line, options.token),
  };
}
