// Inside the compute worker: one engine (compiled when the host's first message brings its bytes, so the first
// compute finds it warm) and one ComputeSession answering requests in order. No vscode here.
import { createEngine } from "../../../engine/api/engine";
import { setWasmSource } from "../../../engine/api/wasm-source";
import { ComputeSession } from "../../../engine/compute/session";
import type { ToWorker, WorkerReply } from "./protocol";

export function serve(post: (reply: WorkerReply) => void, listen: (handler: (msg: ToWorker) => void) => void): void {
  let session: Promise<ComputeSession> | undefined;
  listen((msg) => {
    if ("init" in msg) {
      const { wasm } = msg.init;
      setWasmSource((name) => Promise.resolve(wasm[name]));
      session = createEngine().then((engine) => new ComputeSession(engine));
      session.catch(() => undefined);
      return;
    }
    const ready = session ?? Promise.reject(new Error("no engine bytes were sent"));
    ready.then(
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
