// Inside the compute worker: one engine (one WebAssembly compile, at start, so the first compute finds it warm)
// and one ComputeSession answering requests in order. No vscode here.
import { createEngine } from "../../../engine/api/engine";
import { ComputeSession } from "../../../engine/compute/session";
import type { WorkerReply, WorkerRequest } from "./protocol";

export function serve(post: (reply: WorkerReply) => void, listen: (handler: (msg: WorkerRequest) => void) => void): void {
  const session = createEngine().then((engine) => new ComputeSession(engine));
  listen((msg) => {
    session.then(
      (s) => {
        let reply: WorkerReply;
        try {
          reply = { id: msg.id, ok: true, reply: s.handle(msg.req) };
        } catch (e) {
          reply = { id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) };
        }
        post(reply);
      },
      (e: unknown) => post({ id: msg.id, ok: false, error: `the engine did not load: ${e instanceof Error ? e.message : String(e)}` }),
    );
  });
}
