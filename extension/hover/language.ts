// Which language our texts use: the lossLens.language setting, or VS Code's display language when "auto".
import * as vscode from "vscode";
import type { Lang } from "../../engine/catalog/types";

/** zh-cn and zh-hans (Simplified Chinese) get Chinese; every other display language gets English. */
export function languageFor(displayLanguage: string, setting: string | undefined): Lang {
  if (setting === "en" || setting === "zh-cn") return setting;
  const l = displayLanguage.toLowerCase();
  return l === "zh-cn" || l === "zh-hans" || l.startsWith("zh-hans-") ? "zh-cn" : "en";
}

export function currentLanguage(): Lang {
  return languageFor(vscode.env.language, vscode.workspace.getConfiguration("lossLens").get<string>("language"));
}
