// The hover on a flagged call: the finding, and what the mistake does to the numbers, computed by the engine on a
// small example (engine/lint/effects.ts). The engine loads on the first such hover.
import * as vscode from "vscode";
import type { Rule } from "../../engine/lint";
import { loadEngine } from "../compute/runtime";
import { DOCS, rangeOf, type LintDiagnostics } from "./diagnostics";

const effects = new Map<Rule, string | null>();

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
  if (effects.has(rule)) return effects.get(rule) ?? null;
  const engine = await loadEngine();
  const { effectOf: compute } = await import("../../engine/lint/effects");
  let text: string | null = null;
  try {
    text = compute(rule, engine);
  } catch (e) {
    console.error(`Loss Lens lint hover: ${(e as Error).message}`);
  }
  effects.set(rule, text);
  return text;
}
