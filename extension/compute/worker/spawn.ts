// Starts the compute worker for the host the extension runs in: a Node child process (with its own heap limit) in the
// desktop and remote hosts, a Web Worker in the web host (its script read from the extension and started from a
// blob, since the host's origin may differ from the extension's; VS Code's web worker host allows blob: workers).
// There is no in-thread fallback: it would put the evaluator in the extension bundle too, and a selection could
// then hold the host thread. A worker that cannot start fails the request with the reason.
import * as vscode from "vscode";
import { nodeChannel, type Channel, type WorkerExit } from "./client";
import type { WorkerReply } from "./protocol";

const isNode = typeof process === "object" && typeof process.versions?.node === "string";

export function spawner(extensionUri: vscode.Uri): () => Promise<Channel> {
  return async () => {
    const script = vscode.Uri.joinPath(extensionUri, "dist", "webview", "evaluator.js");
    try {
      return await (isNode ? nodeChannel(script.fsPath) : webChannel(script));
    } catch (e) {
      throw new Error(vscode.l10n.t("could not start the compute worker: {0}", e instanceof Error ? e.message : String(e)));
    }
  };
}

interface WebWorker {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: WorkerReply }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null;
}
declare const Worker: (new (url: string) => WebWorker) | undefined;

async function webChannel(script: vscode.Uri): Promise<Channel> {
  if (typeof Worker !== "function") throw new Error("no Web Worker here");
  const code = await vscode.workspace.fs.readFile(script);
  const url = URL.createObjectURL(new Blob([code as Uint8Array<ArrayBuffer>], { type: "text/javascript" }));
  const w = new Worker(url);
  const exits: ((why: WorkerExit) => void)[] = [];
  w.onerror = (e) => {
    e.preventDefault?.();
    const message = e.message ?? "the compute worker stopped";
    for (const cb of exits) cb({ outOfMemory: /memory/i.test(message), message });
  };
  return {
    post: (m) => w.postMessage(m),
    onMessage: (cb) => (w.onmessage = (e) => cb(e.data)),
    onExit: (cb) => exits.push(cb),
    terminate: () => {
      w.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
