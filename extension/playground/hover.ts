// The hover of a user loss's name on its `def` / `class` line, or of a function loss where it is called: a link
// that plots it. (At a class's instantiation and its criterion's calls, the loss hover of engine/hover/own.ts
// describes the class and carries the same Plot link.)
import * as vscode from "vscode";
import type { PlotArg } from "./lens";
import { userLossNear } from "./userloss";

export const plotHover: vscode.HoverProvider = {
  async provideHover(doc, position) {
    const word = doc.getWordRangeAtPosition(position, /[A-Za-z_]\w*/);
    if (!word) return undefined;
    const name = await userLossNear(doc, position.line);
    if (!name || doc.getText(word) !== name) return undefined;
    const isDefinition = new RegExp(`^\\s*(def|class)\\s+${name}\\b`).test(doc.lineAt(position.line).text);
    if (!isDefinition && new RegExp(`^\\s*class\\s+${name}\\b`, "m").test(doc.getText())) return undefined;
    const arg: PlotArg = { uri: doc.uri.toString(), line: position.line };
    const md = new vscode.MarkdownString(
      `[$(graph-line) ${vscode.l10n.t("Plot {0} and its gradient", name)}](command:lossLens.plotLoss?${encodeURIComponent(JSON.stringify([arg]))})`,
      true,
    );
    md.isTrusted = { enabledCommands: ["lossLens.plotLoss"] };
    return new vscode.Hover(md, word);
  },
};
