// The compute worker's entry in the desktop and remote extension hosts: a child process (dist/computeWorker.js)
// forked with IPC; it ends with the host (the IPC channel closing).
import type { WorkerReply, WorkerRequest } from "./protocol";
import { serve } from "./serve";

const send = process.send?.bind(process);
if (send) {
  serve(
    (reply: WorkerReply) => send(reply),
    (handler) => process.on("message", (m) => handler(m as WorkerRequest)),
  );
  process.on("disconnect", () => process.exit(0));
}
