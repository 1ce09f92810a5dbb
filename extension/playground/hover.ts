// The hover of a user loss's name (on its `def` / `class` line or where it is called): a link that plots it.
// Issue #12's hover describes a user's loss class; this one only adds the way to its plot.
import * as vscode from "vscode";
import type { PlotArg } from "./lens";
import { userLossNear } from "./userloss";

export const plotHover: vscode.HoverProvider = {
  async provideHover(doc, position) {
    const word = doc.getWordRangeAtPosition(position, /[A-Za-z_]\w*/);
    if (!word) return undefined;
    const name = await userLossNear(doc, position.line);
    if (!name || doc.getText(word) !== name) return undefined;
    const arg: PlotArg = { uri: doc.uri.toString(), line: position.line };
    const md = new vscode.MarkdownString(
      `[$(graph-line) ${vscode.l10n.t("Plot {0} and its gradient", name)}](command:lossLens.plotLoss?${encodeURIComponent(JSON.stringify([arg]))})`,
      true,
    );
    md.isTrusted = { enabledCommands: ["lossLens.plotLoss"] };
    return new vscode.Hover(md, word);
  },
};
