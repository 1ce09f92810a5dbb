// Which language our texts use: the lossLens.language setting, else VS Code's display language.
import type { Lang } from "../catalog/types";

/** "en" / "zh-cn" force a language; "auto" (or anything else) follows the display language:
 * Simplified Chinese (zh-cn, zh-hans, zh-sg) gets Chinese, everything else English. */
export function languageFor(displayLanguage: string, setting: string | undefined): Lang {
  if (setting === "en" || setting === "zh-cn") return setting;
  const l = displayLanguage.toLowerCase();
  return l === "zh-cn" || l === "zh-sg" || l === "zh-hans" || l.startsWith("zh-hans-") ? "zh-cn" : "en";
}
