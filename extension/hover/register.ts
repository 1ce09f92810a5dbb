// Registers the loss hover without loading it: the resolver, the catalog and the texts load on the first
// hover over Python (esbuild keeps them behind a lazy initialiser), so activation stays cheap.
import * as vscode from "vscode";

type Provider = import("./provider").LossHoverProvider;

/** How long the hover provider's last call took (ms), for the integration tests. */
export let lastHoverMs: number | undefined;

export function registerHover(context: vscode.ExtensionContext): void {
  let provider: Promise<Provider> | undefined;
  const load = () => (provider ??= import("./provider").then((m) => m.createHover(context)));
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(
      { language: "python" },
      {
        // Never throws: a hover on any file either answers or stays silent.
        provideHover: async (document, position, token) => {
          const p = await load();
          const started = performance.now();
          try {
            return await p.provideHover(document, position, token).catch(() => undefined);
          } finally {
            lastHoverMs = performance.now() - started;
          }
        },
      },
    ),
  );
}
