// The evaluator bundle's entry (dist/webview/evaluator.js): the evaluator ships once, in two roles. In the
// playground page (a document) it registers the user-loss API the page asked it for (webview/userloss/load.ts);
// elsewhere it is the compute worker, forked as a child process with IPC by the desktop and remote extension hosts
// (process.send) or started as a Web Worker by the web host.
import { registerUserLossApi } from "../../../webview/userloss/entry";
import type { ToWorker, WorkerReply } from "./protocol";
import { serve } from "./serve";

declare const self: { postMessage(m: unknown): void; onmessage: ((e: { data: ToWorker }) => void) | null };
declare const document: object | undefined;

const node = typeof process === "object" && typeof process.send === "function" ? process : undefined;
if (typeof document === "object") registerUserLossApi();
else if (node) {
  const send = node.send!.bind(node);
  serve(
    (reply: WorkerReply) => send(reply),
    (handler) => node.on("message", (m) => handler(m as ToWorker)),
  );
  // It ends with its host: the IPC channel closing.
  node.on("disconnect", () => node.exit(0));
} else {
  serve((reply) => self.postMessage(reply), (handler) => (self.onmessage = (e) => handler(e.data)));
}
