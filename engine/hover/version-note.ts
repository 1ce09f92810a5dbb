// The hover's PyTorch-version lines: which version answers, what that version added or changed about this loss
// (catalog/versions.ts), and a warning when the hovered call uses something the version lacks
// ("`weight=` needs PyTorch 2.x; your environment has 1.13").
import type { PyTorchVersion } from "../api/versions";
import { family, hasLoss, missingIn, versionFacts } from "../catalog/versions";
import type { Lang } from "../catalog/types";
import type { HoverTarget } from "./resolve";

const T = {
  en: {
    answers: (v: string, why: string) => `PyTorch ${v}${why ? ` (${why})` : ""}`,
    since: (f: string) => `since PyTorch ${f}`,
    needs: (p: string, f: string, v: string) => `⚠ \`${p}=\` needs PyTorch ${f}; your environment has ${v}`,
    added: (c: string) => `the loss itself, \`${c}\``,
    needsLoss: (c: string, f: string, v: string) => `⚠ \`${c}\` needs PyTorch ${f}; your environment has ${v}`,
  },
  "zh-cn": {
    answers: (v: string, why: string) => `PyTorch ${v}${why ? `（${why}）` : ""}`,
    since: (f: string) => `PyTorch ${f} 起`,
    needs: (p: string, f: string, v: string) => `⚠ \`${p}=\` 需要 PyTorch ${f}；你的环境是 ${v}`,
    added: (c: string) => `损失本身，\`${c}\``,
    needsLoss: (c: string, f: string, v: string) => `⚠ \`${c}\` 需要 PyTorch ${f}；你的环境是 ${v}`,
  },
};

/** Markdown lines for the hover of `target` answered as `version` (`why`: where the version came from). */
export function versionNote(target: HoverTarget, version: PyTorchVersion, lang: Lang, why = ""): string {
  const t = T[lang];
  const lines = [`*${t.answers(version, why)}*`];
  // The user's own loss: only which version its torch calls answer as.
  if (target.kind === "own") return lines[0];
  const loss = target.record.aliasOf ?? target.record.className;
  const since = target.record.since;
  // Named as the hovered form writes it: nn.LinearCrossEntropyLoss, or F.linear_cross_entropy.
  const written = target.form === "functional" && target.record.functional ? `F.${target.record.functional}` : `nn.${loss}`;
  if (since) lines.push(`- ${t.since(family(since))}: ${t.added(written)}`);
  if (since && !hasLoss(target.record, version)) lines.push(t.needsLoss(written, family(since), version));
  for (const f of versionFacts(loss)) lines.push(`- ${t.since(family(f.since))}: ${f.text[lang]}`);
  const used = target.kind === "criterion" ? [...target.construction.args, ...target.call.args] : target.call?.args ?? [];
  for (const a of used) {
    const miss = a.name ? missingIn(loss, a.name, version) : undefined;
    if (miss) lines.push(t.needs(a.name!, family(miss.since), version));
  }
  return lines.join("\n");
}
