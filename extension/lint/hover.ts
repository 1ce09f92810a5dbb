// The hover on a flagged call: the finding, and what the mistake does to the numbers, computed by the engine on a
// small example (engine/lint/effects.ts), in the compute worker on the first such hover.
import * as vscode from "vscode";
import type { Rule } from "../../engine/lint";
import { computeClient } from "../compute/worker/shared";
import { pytorchVersion } from "../version/state";
import { DOCS, rangeOf, type LintDiagnostics } from "./diagnostics";

/** Per rule and PyTorch version ("rule@2.13"). */
const effects = new Map<string, string | null>();

export class LintHover implements vscode.HoverProvider {
  constructor(private readonly diagnostics: LintDiagnostics) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const found = this.diagnostics.findingsAt(document).filter((f) => rangeOf(f).contains(position));
    if (!found.length) return undefined;
    // The diagnostic's own message is already in the hover (VS Code shows it): this adds the numbers.
    const md = new vscode.MarkdownString();
    let any = false;
    for (const f of found) {
      const effect = await effectOf(f.rule);
      if (!effect) continue;
      md.appendMarkdown(`**What \`${f.rule}\` does** (computed by Loss Lens's engine; [why](${DOCS}#${f.rule}))\n\n${effect}\n\n`);
      any = true;
    }
    return any ? new vscode.Hover(md, rangeOf(found[0])) : undefined;
  }
}

async function effectOf(rule: Rule): Promise<string | null> {
  const version = pytorchVersion().version;
  const key = `${rule}@${version}`;
  if (effects.has(key)) return effects.get(key) ?? null;
  let text: string | null = null;
  try {
    const reply = await computeClient().request({ op: "effect", rule, pytorch: version });
    if (reply.kind === "effect") text = reply.text;
  } catch (e) {
    // Not cached: a worker that died or was cancelled mid-request may answer next time.
    console.error(`Loss Lens lint hover: ${(e as Error).message}`);
    return null;
  }
  effects.set(key, text);
  return text;
}
