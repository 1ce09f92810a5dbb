// The snippets whose text depends on the PyTorch version (F.mse_loss / F.l1_loss / F.huber_loss take weight=
// since 2.x): offered here for the version Loss Lens answers as, beside the contributed file's shared ones
// (engine/catalog/snippets.ts says which are which). The catalog loads on the first completion request.
import * as vscode from "vscode";
import type { PyTorchVersion } from "../../engine/api/versions";
import type { Snippet } from "../../engine/catalog/snippets";
import { pytorchVersion } from "../version/state";

type Lib = typeof import("../../engine/catalog/snippets");
let lib: Promise<Lib> | undefined;
const cache = new Map<PyTorchVersion, Record<string, Snippet>>();

function item(name: string, prefix: string, s: Snippet, range: vscode.Range | undefined): vscode.CompletionItem {
  // As VS Code shows a contributed snippet: the prefix as label, the snippet's name beside it.
  const ci = new vscode.CompletionItem({ label: prefix, description: name }, vscode.CompletionItemKind.Snippet);
  const body = s.body.join("\n");
  ci.insertText = new vscode.SnippetString(body);
  ci.filterText = prefix;
  ci.detail = s.description;
  // Shown expanded with the defaults (first choice), as VS Code shows a snippet.
  const expanded = body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, "$1").replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$0/g, "");
  ci.documentation = new vscode.MarkdownString().appendCodeblock(expanded, "python");
  if (range) ci.range = range;
  return ci;
}

export function registerSnippets(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      { language: "python" },
      {
        async provideCompletionItems(document, position) {
          // What was typed of a prefix such as "F.mse": the word with its dots and dashes.
          const before = document.lineAt(position.line).text.slice(0, position.character);
          const typed = /[\w.-]*$/.exec(before)?.[0] ?? "";
          if (!typed) return undefined;
          const version = pytorchVersion().version;
          let snippets = cache.get(version);
          if (!snippets) {
            snippets = (await (lib ??= import("../../engine/catalog/snippets"))).versionedSnippets(version);
            cache.set(version, snippets);
          }
          const range = new vscode.Range(position.translate(0, -typed.length), position);
          return Object.entries(snippets).flatMap(([name, s]) => s.prefix.map((p) => item(name, p, s, range)));
        },
      },
    ),
  );
}
