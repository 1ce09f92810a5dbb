// One compute: read the editor (selection, cursor, notebook cells above), plan the program, ask for a loss when
// only tensors are selected, evaluate, and show results and problems in place. The document is never edited.
import { pytorchVersion } from "../version/state";
import * as vscode from "vscode";
import type { LossRecord } from "../../engine/catalog/types";
import type { Input } from "../../engine/compute/plan";
import { Program, type DocRange } from "../../engine/compute/program";
import type { EvalLimits, PlanReply } from "../../engine/compute/session";
import type { PyTorchVersion } from "../../engine/api/types";
import type { Diagnostic, EvalOutput } from "../../engine/python/types";
import { askOptions, pickLoss } from "./prompts";
import { decorationText, groupOf, hoverFor, type ResultStore, type Shown } from "./results";
import { evalLimits } from "./limits";
import { notificationText, plainText } from "./plaintext";
import { loadRuntime, type Heavy, type Runtime } from "./runtime";
import { Cancelled, WORKER_HEAP_MB, WorkerDied, type ComputeClient } from "./worker/client";

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
  /** Milliseconds from the start to the progress notification, when one was shown. */
  progressAfterMs?: number;
  /** The engine build the compute worker ran: "fma" where this host fuses multiply-adds (engine/api/wasm.ts). */
  kernels?: "fma" | "emulated";
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
 * Shows a cancellable progress notification once `work` has taken longer than PROGRESS_DELAY_MS. The work runs in
 * the compute worker, so the host stays free to show it and to act on Cancel (which terminates the worker).
 */
async function withDelayedProgress<T>(title: string, cts: vscode.CancellationTokenSource, work: () => Promise<T>, shown?: () => void): Promise<T> {
  const running = work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<"slow">((r) => (timer = setTimeout(() => r("slow"), PROGRESS_DELAY_MS)));
  const first = await Promise.race([running.then(() => "done" as const, () => "done" as const), slow]);
  clearTimeout(timer);
  if (first === "done") return running;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
    shown?.();
    token.onCancellationRequested(() => cts.cancel());
    return running;
  });
}

/** A compute answering within this shows no notification; a longer one shows it with Cancel. */
const PROGRESS_DELAY_MS = 500;

/** What the worker's end during a request means for the person: a located MemoryError, or the crash's message. */
function diedOutput(e: WorkerDied, limits: EvalLimits): EvalOutput {
  const message = e.exit.outOfMemory
    ? `MemoryError: out of memory: the evaluation needed more than the compute worker's ${WORKER_HEAP_MB} MB heap (lossLens.maxMemory is ${limits.maxMemoryMB ?? "its default"} MB); the extension host is unaffected`
    : `the compute worker stopped: ${e.exit.message}`;
  const line = e.exit.line ?? 1;
  return { results: [], stdout: "", diagnostics: [{ line, column: 1, endLine: line, endColumn: 1, severity: "error", message }] };
}

/** A compute's limits, with the PyTorch version it answers as (named in its results' hovers). */
type AnsweredLimits = EvalLimits & { pytorch: PyTorchVersion };

export class ComputeRunner {
  private readonly channel: vscode.OutputChannel;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: ResultStore,
    private readonly client: ComputeClient,
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
    let progressAfterMs: number | undefined;
    const shown = () => (progressAfterMs ??= performance.now() - started);
    const outcome = (status: RunOutcome["status"], evalMs = 0): RunOutcome => ({ status, results: [], diagnostics: [], totalMs: performance.now() - started, evalMs, phases, progressAfterMs });
    const { editor } = req;
    const { input, docs } = inputOf(editor, req.line);
    phases.read = performance.now() - started;
    // The evaluation answers as the PyTorch the person chose or has (extension/version).
    const limits: AnsweredLimits = { ...evalLimits(), pytorch: pytorchVersion().version };
    const title = vscode.l10n.t("Loss Lens: computing…");
    const onCancel = (listener: () => void) => void cts.token.onCancellationRequested(listener);
    this.client.warm();

    let program: Program | "cancelled" | "nothing";
    let planned: PlanReply | undefined;
    let rt: Runtime;
    try {
      [rt, planned] = await withDelayedProgress(title, cts, async () => {
        const t = performance.now();
        const [r, p] = await Promise.all([loadRuntime(), this.client.request({ op: "plan", input, limits }, onCancel)]);
        phases.plan = performance.now() - t;
        return [r, p as PlanReply] as const;
      }, shown);
      if (cts.token.isCancellationRequested) return this.cancelled(outcome);
      program = await this.programFor(rt.lib, planned as PlanReply, cts, onCancel);
    } catch (e) {
      if (e instanceof Cancelled || cts.token.isCancellationRequested) return this.cancelled(outcome);
      if (e instanceof WorkerDied) {
        void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: {0}", notificationText(diedOutput(e, limits).diagnostics[0].message)));
        return outcome("error");
      }
      void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: {0}", notificationText(e instanceof Error ? e.message : String(e))));
      return outcome("error");
    }
    if (program === "cancelled") return this.cancelled(outcome);
    if (program === "nothing") {
      if (planned?.kind === "none")
        void vscode.window.showInformationMessage(
          planned.reason === "no-loss-at-cursor"
            ? vscode.l10n.t("Loss Lens: no loss call at the cursor. Select tensor code, or put the cursor on a line that calls a loss.")
            : vscode.l10n.t("Loss Lens: select a snippet that calls a loss, or two or more tensors."),
        );
      return outcome("nothing");
    }

    const evalStart = performance.now();
    let out: EvalOutput;
    let kernels: RunOutcome["kernels"];
    try {
      const reply = await withDelayedProgress(title, cts, () => this.client.request({ op: "evaluate", source: program.text, limits }, onCancel), shown);
      out = reply.kind === "output" ? reply.output : { results: [], diagnostics: [], stdout: "" };
      if (reply.kind === "output") kernels = reply.kernels;
    } catch (e) {
      if (e instanceof Cancelled || cts.token.isCancellationRequested) return this.cancelled(outcome);
      if (e instanceof WorkerDied) out = diedOutput(e, limits);
      else {
        void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: {0}", notificationText(e instanceof Error ? e.message : String(e))));
        return outcome("error");
      }
    }
    const evalMs = performance.now() - evalStart;
    phases.evaluate = evalMs;
    if (cts.token.isCancellationRequested) return this.cancelled(outcome);
    const presentStart = performance.now();
    const result = this.present(rt.lib, editor, docs, program, out, started, evalMs, limits);
    phases.present = performance.now() - presentStart;
    return { ...result, phases, progressAfterMs, kernels };
  }

  private cancelled(outcome: (s: RunOutcome["status"]) => RunOutcome): RunOutcome {
    void vscode.window.setStatusBarMessage(vscode.l10n.t("Loss Lens: cancelled"), 3000);
    return outcome("cancelled");
  }

  private async programFor(lib: Heavy, planned: PlanReply, cts: vscode.CancellationTokenSource, onCancel: (l: () => void) => void): Promise<Program | "cancelled" | "nothing"> {
    if (planned.kind === "none") return "nothing";
    if (planned.kind === "program") return Program.from(planned.program);
    if (planned.kind === "nofit") {
      const desc = planned.shapes.map((s) => `${s.dtype}[${s.shape.join(", ")}]`).join(", ");
      void vscode.window.showWarningMessage(vscode.l10n.t("Loss Lens: no loss takes tensors of these dtypes and shapes: {0}", desc));
      return "nothing";
    }
    const fits = planned.fits.map((c) => lib.getLoss(c)).filter((r): r is LossRecord => r !== undefined);
    const record = await pickLoss(this.context.workspaceState, fits, planned.ownCriterion, cts.token);
    if (!record) return "cancelled";
    const options = await askOptions(this.context.workspaceState, record, cts.token);
    if (!options) return "cancelled";
    const gradFor = planned.shapes.map((s, i) => (s.dtype === "float32" || s.dtype === "float64") && !s.requiresGrad && !/target/.test(record.inputs[i]?.name ?? "target"));
    const reply = await this.client.request({ op: "withLoss", className: record.className, options, gradFor }, onCancel);
    return reply.kind === "program-data" ? Program.from(reply.program) : "nothing";
  }

  private present(lib: Heavy, editor: vscode.TextEditor, docs: vscode.TextDocument[], program: Program, out: EvalOutput, started: number, evalMs: number, limits: AnsweredLimits): Omit<RunOutcome, "phases"> {
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
        text: decorationText(lib, e),
        hover: hoverFor(lib, id, e, limits.pytorch),
      });
    }
    const diags = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    const flat: RunOutcome["diagnostics"] = [];
    for (const d of out.diagnostics) {
      const where = program.locate(d);
      if (!where) continue;
      const doc = docs[where.cell];
      const range = toRange(docs, where, false);
      const message = /exceeds the evaluator's limit/.test(d.message) ? `${d.message}. ${vscode.l10n.t("Raise the setting lossLens.maxElements ({0}) to compute it.", limits.maxElements ?? 10_000_000)}` : d.message;
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
    this.channel.appendLine(plainText(lib.printout(label, out.results, out.stdout, diagLines, lineOf)));
    this.channel.appendLine("");
    this.channel.show(true);

    const firstError = flat.find((d) => d.severity === "error");
    if (firstError) {
      void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: {0}", notificationText(firstError.message)));
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
