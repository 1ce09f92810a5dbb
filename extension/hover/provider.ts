// The hover over torch losses in Python files and notebook cells: VS Code adapter around engine/hover.
// Documents are analysed once per version; the long texts load on the first hover.
import * as vscode from "vscode";
import { loadDocs } from "../../engine/catalog/docs";
import { analyze, commands, mightHover, renderHover, resolveAt, versionNote, type Analysis, type HoverTarget } from "../../engine/hover";
import { pytorchVersion } from "../version/state";
import { currentLanguage } from "./language";

interface Source {
  analysis: Analysis;
  /** Where the hovered document's text starts inside the analysed text (cells after earlier cells). */
  base: number;
  /** Where each joined cell starts (a file: [0]). */
  starts: number[];
}

/** Hover analyses documents up to 1 MB (a cold analysis of 1 MB takes about 15 ms; the hover stays under 50). */
const HOVER_MAX_CHARS = 1_000_000;

const cache = new Map<string, { key: string; source: Source }>();
const MAX_CACHED = 32;

function remember(id: string, key: string, make: () => Source): Source {
  const hit = cache.get(id);
  if (hit && hit.key === key) return hit.source;
  const source = make();
  cache.delete(id);
  cache.set(id, { key, source });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return source;
}

/** The notebook a cell document belongs to, if any. */
function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== "vscode-notebook-cell") return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

/** The text to analyse: a file on its own, or a notebook's code cells joined so imports in earlier cells count. */
export function sourceFor(document: vscode.TextDocument): Source {
  const notebook = notebookOf(document);
  if (!notebook) {
    return remember(document.uri.toString(), String(document.version), () => ({ analysis: analyze(document.getText()), base: 0, starts: [0] }));
  }
  const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
  const key = cells.map((c) => `${c.document.uri.fragment}@${c.document.version}`).join("|") + `#${document.uri.fragment}`;
  return remember(notebook.uri.toString(), key, () => {
    let text = "";
    let base = 0;
    const starts: number[] = [];
    for (const cell of cells) {
      if (cell.document === document) base = text.length;
      starts.push(text.length);
      text += cell.document.getText() + "\n";
    }
    return { analysis: analyze(text), base, starts };
  });
}

/**
 * What `lossLens.computeLoss` gets from the hover's link: the same { uri, line } (0-based line of the
 * statement) as the compute CodeLens passes, plus the hovered call's last line.
 */
export interface ComputeArgs {
  uri: string;
  line: number;
  endLine: number;
}

function computeArgs(document: vscode.TextDocument, source: Source, target: HoverTarget): ComputeArgs | undefined {
  const call = target.call;
  if (!call) return undefined;
  const start = document.positionAt(Math.max(0, target.start - source.base));
  const end = document.positionAt(Math.max(0, call.close - source.base));
  return { uri: document.uri.toString(), line: start.line, endLine: end.line };
}

export class LossHoverProvider implements vscode.HoverProvider {
  async provideHover(document: vscode.TextDocument, position: vscode.Position, _token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    // A look at the line first: most words cannot be about a loss, and then the document need not be analysed.
    // Documents past HOVER_MAX_CHARS are not analysed at all (the first hover would hold the host thread).
    if (document.offsetAt(new vscode.Position(document.lineCount, 0)) > HOVER_MAX_CHARS) return undefined;
    const line = document.lineAt(position.line).text;
    let before = "";
    for (let l = position.line - 1; l >= 0 && l >= position.line - 50 && !before; l--) before = document.lineAt(l).text.trim();
    if (!mightHover(line, position.character, before)) return undefined;
    const source = sourceFor(document);
    const offset = source.base + document.offsetAt(position);
    const target = resolveAt(source.analysis, offset);
    if (!target) return undefined;
    const lang = currentLanguage();
    const docs = await loadDocs(lang);
    const text = source.analysis.text;
    const choice = pytorchVersion();
    const markdown = renderHover(target, {
      lang,
      pytorch: choice.version,
      docs,
      computeArgs: computeArgs(document, source, target),
      lineOf: (o) => {
        // 1-based line within the cell (or file) that holds the offset.
        const from = source.starts.filter((s) => s <= o).pop() ?? 0;
        let line = 1;
        for (let i = from; i < o; i++) if (text.charCodeAt(i) === 10) line++;
        return line;
      },
    });
    const why = choice.source === "setting" ? "lossLens.pytorchVersion" : choice.source === "environment" ? `torch ${choice.detected?.torch}` : "";
    const ms = new vscode.MarkdownString(`${markdown}\n\n---\n\n${versionNote(target, choice.version, lang, why)}`);
    ms.isTrusted = { enabledCommands: [commands.playground, commands.compute, commands.plot] };
    const range = new vscode.Range(
      document.positionAt(target.start - source.base),
      document.positionAt(target.end - source.base),
    );
    return new vscode.Hover(ms, range);
  }
}

/** The provider, and the cache's cleanup when documents close (called on the first hover). */
export function createHover(context: vscode.ExtensionContext): LossHoverProvider {
  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => cache.delete(d.uri.toString())));
  return new LossHoverProvider();
}
