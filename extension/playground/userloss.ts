// "Plot" for a loss in the user's code: finds the definition (or the call) at a line, reads the values the
// program gives, opens the playground on it, and keeps the open plot live with the document: every edit is
// sent to the page (which evaluates it) and checked in the compute worker, so an error is also an editor diagnostic.
import * as vscode from "vscode";
import type { OpenRequest, UserLossSource } from "../../webview/protocol";
import { computeClient } from "../compute/worker/shared";
import { pytorchVersion } from "../version/state";
import { PlaygroundPanel } from "./panel";

/** The definitions reader alone (the parser, no evaluator), loaded on first use. */
const detect = (): Promise<typeof import("../../engine/userloss/detect")> => import("../../engine/userloss/detect");

/** The built-ins shown beside a user loss first (the page offers the others). */
const COMPARE: Record<"error" | "input" | "class" | "margin", string[]> = { error: ["L1Loss", "SmoothL1Loss"], input: ["BCEWithLogitsLoss"], class: ["CrossEntropyLoss"], margin: [] };

/** The document behind the open plot, and the loss in it. */
interface Link {
  uri: string;
  name: string;
  version: number;
}
let link: Link | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

const fileName = (doc: vscode.TextDocument) => doc.uri.path.split("/").pop() ?? "untitled";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The user loss defined at `line` (0-based), or called there (`f(a, b)`, `crit(a, b)` of `crit = Cls(...)`). */
export async function userLossNear(doc: vscode.TextDocument, line: number, deadline?: number): Promise<string | undefined> {
  const { findUserLosses } = await detect();
  const text = doc.getText();
  const defs = findUserLosses(text, deadline);
  const at = defs.find((d) => d.span.line <= line + 1 && line + 1 <= d.span.endLine);
  if (at) return at.name;
  const lineText = doc.lineAt(line).text;
  for (const d of defs) {
    if (new RegExp(`\\b${escape(d.name)}\\s*\\(`).test(lineText)) return d.name;
    if (d.kind === "class") {
      for (const m of text.matchAll(new RegExp(`^\\s*([A-Za-z_]\\w*)\\s*=\\s*${escape(d.name)}\\s*\\(`, "gm"))) {
        if (new RegExp(`\\b${escape(m[1])}\\s*\\(`).test(lineText)) return d.name;
      }
    }
  }
  return undefined;
}

/** Evaluates one version: the source the page gets, with the first error (also set as a diagnostic). */
async function check(doc: vscode.TextDocument, name: string, version: number, diagnostics: vscode.DiagnosticCollection): Promise<{ loss: UserLossSource; open: OpenRequest | null } | null> {
  const source = doc.getText();
  // As the page evaluates it: answering as the version compute and hover use.
  const reply = await computeClient().request({ op: "checkUserLoss", source, name, pytorch: pytorchVersion().version });
  if (reply.kind !== "userLoss") return null;
  const checked = reply.check;
  const base = { source, name, file: fileName(doc), version };
  if (!checked.found) {
    diagnostics.delete(doc.uri);
    return { loss: { ...base, line: 1, endLine: 1, error: { message: `${name} is no longer defined here`, line: 1 } }, open: null };
  }
  const { plan, error } = checked;
  if (error) {
    const range = new vscode.Range(error.line - 1, Math.max(0, error.column - 1), error.endLine - 1, Math.max(0, error.endColumn - 1));
    const d = new vscode.Diagnostic(range, error.message, vscode.DiagnosticSeverity.Error);
    d.source = "Loss Lens";
    diagnostics.set(doc.uri, [d]);
  } else diagnostics.delete(doc.uri);
  const loss: UserLossSource = { ...base, line: checked.line, endLine: checked.endLine, error: error && { message: error.message, line: error.line } };
  const plot: Record<string, number | number[]> = { target: plan.target };
  if (plan.range) [plot.xMin, plot.xMax] = plan.range;
  if (plan.mode === "class" || plan.mode === "margin") Object.assign(plot, { trueClass: plan.trueClass, others: plan.others });
  return { loss, open: { user: { loss, mode: plan.mode, values: plan.values, pinned: [], plot, compare: COMPARE[plan.mode] } } };
}

/** Opens the playground on the user loss `name` of `doc` and follows the document's edits. */
export async function plotUserLoss(
  doc: vscode.TextDocument,
  name: string,
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  diagnostics: vscode.DiagnosticCollection,
): Promise<OpenRequest | undefined> {
  const version = (link?.uri === doc.uri.toString() && link.name === name ? link.version : 0) + 1;
  const checked = await check(doc, name, version, diagnostics);
  if (!checked?.open) return undefined;
  link = { uri: doc.uri.toString(), name, version };
  PlaygroundPanel.show(context, log, checked.open);
  return checked.open;
}

/** Sends every edit of the linked document to the open plot (debounced), checked as it goes. */
export function followEdits(diagnostics: vscode.DiagnosticCollection, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    if (!link || e.document.uri.toString() !== link.uri || !e.contentChanges.length) return;
    clearTimeout(timer);
    const doc = e.document;
    timer = setTimeout(async () => {
      const panel = PlaygroundPanel.current;
      if (!panel || !link) return diagnostics.delete(doc.uri);
      link.version++;
      try {
        const checked = await check(doc, link.name, link.version, diagnostics);
        if (checked) panel.notify({ type: "userSource", loss: checked.loss });
      } catch (err) {
        log.error(`plot: checking ${link.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, 250);
  });
}

/** The plot was closed: its diagnostics go with it. */
export function unlink(diagnostics: vscode.DiagnosticCollection): void {
  if (link) diagnostics.delete(vscode.Uri.parse(link.uri));
  link = undefined;
}
