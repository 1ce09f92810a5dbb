// Registers the playground: its commands and the serializer that brings the panel back after a reload.
import * as vscode from "vscode";
import type { PlaygroundState } from "../../webview/protocol";
import { toOpenRequest } from "./openArgs";
import { PlaygroundPanel, copyPython, savePng, viewType } from "./panel";

let log: vscode.LogOutputChannel | undefined;
const channel = () => (log ??= vscode.window.createOutputChannel("Loss Lens Playground", { log: true }));

export function registerPlayground(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand("lossLens.openPlayground", async (arg?: unknown) => {
      const open = toOpenRequest(arg ?? (await lossAtCursor()));
      if (open === undefined) {
        void vscode.window.showErrorMessage(vscode.l10n.t("Loss Lens: the playground cannot show this argument."));
        channel().warn(`openPlayground: unusable argument ${describe(arg)}`);
        return;
      }
      PlaygroundPanel.show(context, channel(), open);
    }),
    vscode.commands.registerCommand("lossLens.playground.exportPng", async () => {
      const panel = PlaygroundPanel.current;
      if (!panel) return void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: open the playground first."));
      const reply = await panel.request("png");
      return savePng(reply.dataUrl, channel());
    }),
    vscode.commands.registerCommand("lossLens.playground.copyPython", async () => {
      const panel = PlaygroundPanel.current;
      if (!panel) return void vscode.window.showInformationMessage(vscode.l10n.t("Loss Lens: open the playground first."));
      const reply = await panel.request("python");
      await copyPython(reply.code);
      return reply.code;
    }),
    // The page's current state, asked of the page itself (a protocol round trip): for tests and diagnostics.
    vscode.commands.registerCommand("lossLens.playground.state", async (): Promise<PlaygroundState | undefined> => {
      const panel = PlaygroundPanel.current;
      return panel ? (await panel.request("state")).state : undefined;
    }),
    vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state) => PlaygroundPanel.revive(panel, state, context, channel()),
    }),
  );
}

/** From the palette: the loss named at the cursor in a Python editor, if any. */
async function lossAtCursor(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "python") return undefined;
  // The hover's analysis, loaded lazily as the hover loads it.
  const [{ sourceFor }, { lossNear }] = await Promise.all([import("../hover/provider"), import("../../engine/hover")]);
  const { analysis, base } = sourceFor(editor.document);
  return lossNear(analysis, base + editor.document.offsetAt(editor.selection.active));
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 200);
  } catch {
    return typeof v;
  }
}
