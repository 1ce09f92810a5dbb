// One compute: read the editor (selection, cursor, notebook cells above), plan the program, ask for a loss when
// only tensors are selected, evaluate, and show results and problems in place. The document is never edited.
import { pytorchVersion } from "../version/state";
import * as vscode from "vscode";
import type { Input, Plan } from "../../engine/compute/plan";
import type { DocRange, Program } from "../../engine/compute/program";
import type { Diagnostic, EvalOutput } from "../../engine/python/types";
import { askOptions, pickLoss } from "./prompts";
import { decorationText, groupOf, hoverFor, type ResultStore, type Shown } from "./results";
import { loadRuntime, type Runtime } from "./runtime";

export interface RunRequest {
  editor: vscode.TextEditor;
  /** Use this line as the cursor and ignore the selection (CodeLens). */
  line?: number;
  token?: vscode.CancellationToken;
}

export interface RunOutcome {
  status: "done" | "cancelled" | "nothing" | "error";
  results: { uri: string; line: number; text: string }[];
  diagnostics: { uri: string; range: [number, number, number, number]; severity: string; message: string }[];
  /** Milliseconds: command start to decorations set, and its evaluation part. */
  totalMs: number;
  evalMs: number;
  /** Where the time went (ms): reading the editor, planning, evaluating, showing the results. */
  phases: { read: number; plan: number; evaluate: number; present: number };
}

/** The documents a run reads: a file, or the notebook's python code cells up to the current one. */
function inputOf(editor: vscode.TextEditor, line: number | undefined): { input: Input; docs: vscode.TextDocument[] } {
  const doc = editor.document;
  let docs = [doc];
  if (doc.uri.scheme === "vscode-notebook-cell") {
    const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
    if (nb) {
      const cells = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === "python");
      const at = cells.findIndex((c) => c.document === doc);
      if (at >= 0) docs = cells.slice(0, at + 1).map((c) => c.document);
    }
  }
  const cell = docs.length - 1;
  const sel = editor.selection;
  const where = (p: vscode.Position) => ({ cell, line: p.line, column: p.character });
  const input: Input = {
    cells: docs.map((d) => d.getText()),
    cell,
    selection: line === undefined && !sel.isEmpty ? { start: where(sel.start), end: where(sel.end) } : null,
    cursor: line === undefined ? where(sel.active) : { cell, line, column: 0 },
  };
  return { input, docs };
}

function toRange(docs: vscode.TextDocument[], r: DocRange, wholeLines: boolean): vscode.Range {
  const doc = docs[r.cell];
  const endLine = Math.min(r.endLine, doc.lineCount - 1);
  const end = wholeLines || r.synthetic ? doc.lineAt(endLine).range.end : new vscode.Position(endLine, Math.min(r.endColumn, doc.lineAt(endLine).text.length));
  const start = r.synthetic ? doc.lineAt(r.line).range.end : new vscode.Position(r.line, r.column);
  return new vscode.Range(start, end);
}

const severities: Record<Diagnostic["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Shows a cancellable progress notification once `work` has taken longer than ~100 ms, or at once when the
 * work is known to be long (`now`): a synchronous evaluation gives no chance to show it later.
 */
async function withDelayedProgress<T>(title: string, cts: vscode.CancellationTokenSource, work: () => Promise<T>, now = false): Promise<T> {
  const show = (p: Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
      token.onCancellationRequested(() => cts.cancel());
      return p;
    });
  if (now) return show(work());
  const running = work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<"slow">((r) => (timer = setTimeout(() => r("slow"), 100)));
  const first = await Promise.race([running.then(() => "done" as const, () => "done" as const), slow]);
  clearTimeout(timer);
  return first === "done" ? running : show(running);
}

/** Yields to the event loop (for `ms`), so a shown notification renders and a Cancel click lands before sync work. */
const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

/** Program text from which evaluation likely takes over ~100 ms (measured: about 1.2 MB of literals in 60 ms). */
const LONG_PROGRAM = 2_000_000;

export class ComputeRunner {
  private readonly channel: vscode.OutputChannel;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: ResultStore,
  ) {
    this.channel = vscode.window.createOutputChannel("Loss Lens");
    context.subscriptions.push(this.channel);
  }

  async run(req: RunRequest): Promise<RunOutcome> {
    const started = performance.now();
    const cts = new vscode.CancellationTokenSource();
    req.token?.onCancellationRequested(() => cts.cancel());
    if (req.token?.isCancellationRequested) cts.cancel();
    const phases = { read: 0, plan: 0, evaluate: 0, present: 0 };
    const outcome = (status: RunOutcome["status"], evalMs = 0): RunOutcome => ({ status, results: [], diagnostics: [], totalMs: performance.now() - started, evalMs, phases });
    const { editor } = req;
    const { input, docs } = inputOf(editor, req.line);
    phases.read = performance.now() - started;
    const maxElements = vscode.workspace.getConfiguration("lossLens").get<number>("maxElements", 10_000_000);
    const title = vscode.l10n.t("Loss Lens: computing…");

    const prepared = withDelayedProgress(
      title,
      cts,
      async () => {
        const rt = await loadRuntime();
        await tick();
        const t = performance.now();
        const planned = rt.lib.plan(input);
        phases.plan = performance.now() - t;
        return { rt, planned };
      },
    );
    const { rt, planned } = await prepared;
    if (cts.token.isCancellationRequested) return this.cancelled(outcome);
    const program = await this.programFor(rt, planned, maxElements, cts);
    if (program === "cancelled") return this.cancelled(outcome);
    if (program === "nothing") {
      void vscode.window.showInformationMessage(
        planned.kind === "none" && planned.reason === "no-loss-at-cursor"
          ? vscode.l10n.t("Loss Lens: no loss call at the cursor. Select tensor code, or put the cursor on a line that calls a loss.")
          : vscode.l10n.t("Loss Lens: select a snippet that calls a loss, or two or more tensors."),
      );
      return outcome("nothing");
    }

    const evalStart = performance.now();
    let out: EvalOutput;
    const long = program.text.length > LONG_PROGRAM;
    try {
      out = await withDelayedProgress(
        title,
        cts,
        async () => {
          // A long evaluation: let the notification render (and a Cancel click land) before the synchronous work.
          if (long) await tick(50);
          if (cts.token.isCancellationRequested) return null;
          return rt.lib.evaluate(program.text, rt.engine, { maxElements, isCancelled: () => cts.token.isCancellationRequested, pytorch: pytorchVersion().version });
        },
        long,
      ).then((o) => o ?? { results: [], diagnostics: [], stdout: "" });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: {0}", e instanceof Error ? e.message : String(e)));
      return outcome("error");
    }
    const evalMs = performance.now() - evalStart;
    phases.evaluate = evalMs;
    if (cts.token.isCancellationRequested) return this.cancelled(outcome);
    const presentStart = performance.now();
    const result = this.present(rt, editor, docs, program, out, started, evalMs, maxElements);
    phases.present = performance.now() - presentStart;
    return { ...result, phases };
  }

  private cancelled(outcome: (s: RunOutcome["status"]) => RunOutcome): RunOutcome {
    void vscode.window.setStatusBarMessage(vscode.l10n.t("Loss Lens: cancelled"), 3000);
    return outcome("cancelled");
  }

  private async programFor(rt: Runtime, planned: Plan, maxElements: number, cts: vscode.CancellationTokenSource): Promise<Program | "cancelled" | "nothing"> {
    if (planned.kind === "none") return "nothing";
    if (planned.kind === "program") return planned.program;
    const tp = planned.plan;
    const shapes = rt.lib.probeTensors(tp.probe().text, tp.names, rt.engine, maxElements);
    const known = shapes.filter((s) => s !== null);
    if (known.length !== shapes.length) {
      // A tensor we cannot evaluate alone: compute the probe program, which reports why, in place.
      return tp.probe();
    }
    const fits = rt.lib.fittingLosses(known, rt.engine);
    if (fits.length === 0) {
      const desc = known.map((s) => `${s.dtype}[${s.shape.join(", ")}]`).join(", ");
      void vscode.window.showWarningMessage(vscode.l10n.t("Loss Lens: no loss takes tensors of these dtypes and shapes: {0}", desc));
      return "nothing";
    }
    const record = await pickLoss(this.context.workspaceState, fits, tp.ownCriterion, cts.token);
    if (!record) return "cancelled";
    const options = await askOptions(this.context.workspaceState, record, cts.token);
    if (!options) return "cancelled";
    const gradFor = known.map((s, i) => (s.dtype === "float32" || s.dtype === "float64") && !s.requiresGrad && !/target/.test(record.inputs[i]?.name ?? "target"));
    return tp.withLoss(record.className, options, gradFor);
  }

  private present(rt: Runtime, editor: vscode.TextEditor, docs: vscode.TextDocument[], program: Program, out: EvalOutput, started: number, evalMs: number, maxElements: number): Omit<RunOutcome, "phases"> {
    const group = groupOf(editor.document);
    const shown: Shown[] = [];
    for (const e of out.results) {
      const where = program.locate(e);
      if (!where) continue;
      const id = this.store.newId();
      shown.push({
        id,
        evaluation: e,
        uri: docs[where.cell].uri,
        range: toRange(docs, where, true),
        text: decorationText(rt.lib, e),
        hover: hoverFor(rt.lib, id, e),
      });
    }
    const diags = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    const flat: RunOutcome["diagnostics"] = [];
    for (const d of out.diagnostics) {
      const where = program.locate(d);
      if (!where) continue;
      const doc = docs[where.cell];
      const range = toRange(docs, where, false);
      const message = /exceeds the evaluator's limit/.test(d.message) ? `${d.message}. ${vscode.l10n.t("Raise the setting lossLens.maxElements ({0}) to compute it.", maxElements)}` : d.message;
      const diag = new vscode.Diagnostic(range, message, severities[d.severity]);
      diag.source = "Loss Lens";
      const entry = diags.get(doc.uri.toString()) ?? { uri: doc.uri, list: [] };
      entry.list.push(diag);
      diags.set(doc.uri.toString(), entry);
      flat.push({ uri: doc.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character], severity: d.severity, message });
    }
    this.store.show(group, shown, diags);
    const totalMs = performance.now() - started;

    const label = vscode.workspace.asRelativePath(editor.document.uri.scheme === "vscode-notebook-cell" ? (vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === group)?.uri ?? editor.document.uri) : editor.document.uri);
    const lineOf = (e: (typeof out.results)[number]) => (program.locate(e)?.line ?? 0) + 1;
    const diagLines = out.diagnostics.map((d) => {
      const w = program.locate(d);
      return { ...d, line: (w?.line ?? 0) + 1, column: (w?.column ?? 0) + 1 };
    });
    this.channel.appendLine(rt.lib.printout(label, out.results, out.stdout, diagLines, lineOf));
    this.channel.appendLine("");
    this.channel.show(true);

    const firstError = flat.find((d) => d.severity === "error");
    if (firstError) {
      void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: {0}", firstError.message));
    } else if (shown.length === 0 && flat.length > 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t("Loss Lens: nothing computed; {0} statement(s) skipped (see Problems).", flat.length));
    }
    return {
      status: "done",
      results: shown.map((s) => ({ uri: s.uri.toString(), line: s.range.start.line, text: s.text })),
      diagnostics: flat,
      totalMs,
      evalMs,
    };
  }
}
