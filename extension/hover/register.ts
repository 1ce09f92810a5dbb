// Registers the loss hover without loading it: the resolver, the catalog and the texts load on the first
// hover over Python (esbuild keeps them behind a lazy initialiser), so activation stays cheap.
import * as vscode from "vscode";

type Provider = import("./provider").LossHoverProvider;

export function registerHover(context: vscode.ExtensionContext): void {
  let provider: Promise<Provider> | undefined;
  const load = () => (provider ??= import("./provider").then((m) => m.createHover(context)));
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(
      { language: "python" },
      {
        // Never throws: a hover on any file either answers or stays silent.
        provideHover: async (document, position, token) => (await load()).provideHover(document, position, token).catch(() => undefined),
      },
    ),
  );
}
