// The language of our texts in this VS Code: lossLens.language, or the display language when "auto".
import * as vscode from "vscode";
import type { Lang } from "../../engine/catalog/types";
import { languageFor } from "../../engine/hover/language";

export function currentLanguage(): Lang {
  return languageFor(vscode.env.language, vscode.workspace.getConfiguration("lossLens").get<string>("language"));
}
