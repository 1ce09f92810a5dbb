// The "Plot" CodeLens and the "Loss Lens: Plot Loss" command: above a user loss's `def` / `class` and above a
// statement that calls a loss (the user's own, or a built-in the compute command evaluates).
import * as vscode from "vscode";
import { LENS_BUDGET_MS, LENS_MAX_CHARS } from "../compute/limits";
import { loadAnalysis } from "../compute/runtime";
import { plotUserLoss, userLossNear } from "./userloss";

export interface PlotArg {
  uri: string;
  /** 0-based line. */
  line: number;
}

export const isPlotArg = (a: unknown): a is PlotArg =>
  typeof a === "object" && a !== null && typeof (a as PlotArg).uri === "string" && Number.isInteger((a as PlotArg).line) && (a as PlotArg).line >= 0;

function lens(doc: vscode.TextDocument, line: number, tooltip: string): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
    title: vscode.l10n.t("Plot"),
    tooltip,
    command: "lossLens.plotLoss",
    arguments: [{ uri: doc.uri.toString(), line } satisfies PlotArg],
  });
}

export async function plotLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  if (!vscode.workspace.getConfiguration("lossLens").get<boolean>("codeLens.enabled", true)) return [];
  // Passive: past the size cap or the parse budget, no lenses (the Plot command still works).
  if (doc.offsetAt(new vscode.Position(doc.lineCount, 0)) > LENS_MAX_CHARS) return [];
  const text = doc.getText();
  const [{ findUserLosses }, analysis] = await Promise.all([import("../../engine/userloss/detect"), loadAnalysis()]);
  const out: vscode.CodeLens[] = [];
  let defs, statements;
  try {
    defs = findUserLosses(text, performance.now() + LENS_BUDGET_MS);
    statements = analysis.readStatements([text], { deadline: performance.now() + LENS_BUDGET_MS });
  } catch {
    return [];
  }
  for (const d of defs) out.push(lens(doc, d.line - 1, vscode.l10n.t("Loss Lens: plot {0} and its gradient", d.name)));
  const names = defs.map((d) => d.name);
  const seen = new Set(out.map((l) => l.range.start.line));
  // Calls: built-in losses the compute command evaluates, and calls of the user's own.
  for (const s of statements) {
    const line = s.span.line - 1;
    if (seen.has(line)) continue;
    const lineText = doc.lineAt(line).text;
    const own = names.find((n) => new RegExp(`\\b${n}\\s*\\(`).test(lineText));
    if (s.loss || own) {
      seen.add(line);
      out.push(lens(doc, line, vscode.l10n.t("Loss Lens: plot {0} here", s.loss ?? own ?? "")));
    }
  }
  return out;
}

/** Plot at a line: the user loss defined or called there, else the built-in loss call (computed, then opened). */
export async function plotAt(
  doc: vscode.TextDocument,
  line: number,
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  diagnostics: vscode.DiagnosticCollection,
): Promise<unknown> {
  const name = await userLossNear(doc, line);
  if (name) return plotUserLoss(doc, name, context, log, diagnostics);
  const analysis = await loadAnalysis();
  const call = analysis.readStatements([doc.getText()]).find((s) => s.loss && s.span.line - 1 <= line && line <= s.span.endLine - 1);
  if (call) {
    const outcome = (await vscode.commands.executeCommand("lossLens.computeLoss", { uri: doc.uri.toString(), line: call.span.line - 1 })) as { status?: string } | undefined;
    if (outcome?.status === "done") return vscode.commands.executeCommand("lossLens.compute.openPlayground");
    return vscode.commands.executeCommand("lossLens.openPlayground", call.loss);
  }
  void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: no loss to plot here. Put the cursor on a loss function, an nn.Module loss class or a loss call."));
  return undefined;
}
