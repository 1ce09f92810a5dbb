// The messages between the extension host and the compute worker (a child process in the desktop and remote
// hosts, a Web Worker in the web host). Plain structured-clone data; the worker serves one request at a time.
import type { SessionReply, SessionRequest } from "../../../engine/compute/session";

export interface WorkerRequest {
  id: number;
  req: SessionRequest;
}

export type WorkerReply = { id: number; ok: true; reply: SessionReply } | { id: number; ok: false; error: string };
