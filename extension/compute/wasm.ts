// The engine's .wasm.gz files ship once in the .vsix (dist/webview/, beside the page that fetches them too);
// the extension's bundles do not embed them. Registering the source is free: the file is read on the first
// compute. vscode.workspace.fs reads it in the desktop, remote and web-worker hosts alike.
import * as vscode from "vscode";
import { setWasmSource } from "../../engine/api/wasm-source";

export function useShippedWasm(extensionUri: vscode.Uri): void {
  setWasmSource((name) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, "dist", "webview", name))));
}
