// Starts the compute worker for the host the extension runs in: a Node child process (with its own heap limit) in the
// desktop and remote hosts, a Web Worker in the web host (its script read from the extension and started from a
// blob, since the host's origin may differ from the extension's). Where no worker can start, the same session
// runs in the host thread (budgets still bound it; Cancel then waits for the current statement).
import * as vscode from "vscode";
import { ComputeSession } from "../../../engine/compute/session";
import { nodeChannel, type Channel, type WorkerExit } from "./client";
import type { ToWorker, WorkerReply } from "./protocol";

const isNode = typeof process === "object" && typeof process.versions?.node === "string";

export function spawner(extensionUri: vscode.Uri): () => Promise<Channel> {
  return async () => {
    try {
      const script = vscode.Uri.joinPath(extensionUri, "dist", "computeWorker.js");
      return await (isNode ? nodeChannel(script.fsPath) : webChannel(script));
    } catch {
      return localChannel();
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

/** The session in this thread, answering on the next turn of the event loop. */
async function localChannel(): Promise<Channel> {
  const { createEngine } = await import("../../../engine/api/engine");
  const session = new ComputeSession(await createEngine());
  let listener: ((r: WorkerReply) => void) | undefined;
  return {
    post: (m: ToWorker) => {
      // This thread's engine reads the shipped files itself (extension/compute/wasm.ts): no bytes to take.
      if ("init" in m) return;
      setTimeout(() => {
        let reply: WorkerReply;
        try {
          reply = { id: m.id, ok: true, reply: session.handle(m.req) };
        } catch (e) {
          reply = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) };
        }
        listener?.(reply);
      }, 0);
    },
    onMessage: (cb) => (listener = cb),
    onExit: () => undefined,
    terminate: () => (listener = undefined),
  };
}
