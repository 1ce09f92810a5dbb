// The messages between the extension host and the compute worker (a child process in the desktop and remote
// hosts, a Web Worker in the web host). Plain structured-clone data; the worker serves one request at a time.
import type { WasmName } from "../../../engine/api/wasm-source";
import type { SessionReply, SessionRequest } from "../../../engine/compute/session";

/**
 * The first message to a new worker: the engine's gzip-compressed builds, read by the host from the files the
 * .vsix ships (the worker's bundle embeds none, and a Web Worker started from a blob cannot read them itself).
 */
export interface WorkerInit {
  init: { wasm: Record<WasmName, Uint8Array> };
}

export interface WorkerRequest {
  id: number;
  req: SessionRequest;
}

export type ToWorker = WorkerInit | WorkerRequest;

export type WorkerReply = { id: number; ok: true; reply: SessionReply } | { id: number; ok: false; error: string };
