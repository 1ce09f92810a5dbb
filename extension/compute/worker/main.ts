// The compute worker's entry (dist/computeWorker.js), one bundle for both kinds of host: forked as a child process
// with IPC by the desktop and remote extension hosts (process.send), started as a Web Worker by the web host.
import type { ToWorker, WorkerReply } from "./protocol";
import { serve } from "./serve";

declare const self: { postMessage(m: unknown): void; onmessage: ((e: { data: ToWorker }) => void) | null };

const node = typeof process === "object" && typeof process.send === "function" ? process : undefined;
if (node) {
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
