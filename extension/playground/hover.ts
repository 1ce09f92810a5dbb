// The hover of a user loss's name on its `def` / `class` line, or of a function loss where it is called: a link
// that plots it. (At a class's instantiation and its criterion's calls, the loss hover of engine/hover/own.ts
// describes the class and carries the same Plot link.)
import * as vscode from "vscode";
import { userText } from "../../engine/hover";
import { LENS_BUDGET_MS, LENS_MAX_CHARS } from "../compute/limits";
import type { PlotArg } from "./lens";
import { userLossNear } from "./userloss";

export const plotHover: vscode.HoverProvider = {
  async provideHover(doc, position) {
    const word = doc.getWordRangeAtPosition(position, /[A-Za-z_]\w*/);
    if (!word) return undefined;
    // Passive: a file past the size cap, or a parse past the budget, gets no plot link.
    if (doc.offsetAt(new vscode.Position(doc.lineCount, 0)) > LENS_MAX_CHARS) return undefined;
    let name: string | undefined;
    try {
      name = await userLossNear(doc, position.line, performance.now() + LENS_BUDGET_MS);
    } catch {
      return undefined;
    }
    if (!name || doc.getText(word) !== name) return undefined;
    const isDefinition = new RegExp(`^\\s*(def|class)\\s+${name}\\b`).test(doc.lineAt(position.line).text);
    if (!isDefinition && new RegExp(`^\\s*class\\s+${name}\\b`, "m").test(doc.getText())) return undefined;
    const arg: PlotArg = { uri: doc.uri.toString(), line: position.line };
    const md = new vscode.MarkdownString(
      `[$(graph-line) ${vscode.l10n.t("Plot {0} and its gradient", userText(name))}](command:lossLens.plotLoss?${encodeURIComponent(JSON.stringify([arg]))})`,
      true,
    );
    md.isTrusted = { enabledCommands: ["lossLens.plotLoss"] };
    return new vscode.Hover(md, word);
  },
};
