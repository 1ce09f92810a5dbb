// The extension host's side of the compute worker: sends requests, and survives the worker. A worker that runs out
// of memory (its own heap limit) or crashes fails the request with WorkerDied and is replaced; Cancel terminates it
// at once (no cooperation needed from a long statement) and a fresh one starts warming. No vscode here, so the
// unit tests drive it with a real child process.
import { readWasm, type WasmName } from "../../../engine/api/wasm-source";
import type { SessionReply, SessionRequest } from "../../../engine/compute/session";
import type { ToWorker, WorkerReply } from "./protocol";

/** A running worker, whatever its kind. */
export interface Channel {
  post(msg: ToWorker): void;
  onMessage(cb: (reply: WorkerReply) => void): void;
  /** The worker ended on its own: why, in a person's words ("out of memory" or the error). */
  onExit(cb: (why: WorkerExit) => void): void;
  terminate(): void;
}

export interface WorkerExit {
  outOfMemory: boolean;
  message: string;
  /** The program line the evaluator was on, when the worker reported it. */
  line?: number;
}

/** The worker ended during the request (out of memory, a crash): the host lives on. */
export class WorkerDied extends Error {
  constructor(readonly exit: WorkerExit) {
    super(exit.message);
  }
}

/** The request was cancelled: the worker was terminated. */
export class Cancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

const builds: WasmName[] = ["engine.wasm.gz", "engine-fma.wasm.gz"];

let bytes: Promise<Record<WasmName, Uint8Array>> | undefined;

/**
 * Both engine builds, from wherever this host reads them (the shipped files; embedded in tests): the worker picks.
 * Read once: every fresh worker (after a Cancel, an out-of-memory) gets the same bytes.
 */
function engineBytes(): Promise<Record<WasmName, Uint8Array>> {
  bytes ??= Promise.all(builds.map((b) => readWasm(b))).then((all) => Object.fromEntries(builds.map((b, i) => [b, all[i]])) as Record<WasmName, Uint8Array>);
  bytes.catch(() => (bytes = undefined));
  return bytes;
}

/** Heap limit of the Node worker (old generation): the host's memory stays bounded whatever a selection does. */
export const WORKER_HEAP_MB = 768;

interface Pending {
  resolve(r: SessionReply): void;
  reject(e: Error): void;
}

export class ComputeClient {
  private channel: Promise<Channel> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Requests run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly spawn: () => Promise<Channel>) {}

  /** Starts a worker now (it compiles the engine), so the next request finds it warm. */
  warm(): void {
    void this.get().catch(() => undefined);
  }

  private get(): Promise<Channel> {
    if (this.channel) return this.channel;
    const made = Promise.all([this.spawn(), engineBytes()]).then(([ch, wasm]) => {
      ch.onMessage((m) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.reply);
        else p.reject(new Error(m.error));
      });
      ch.onExit((why) => {
        if (this.channel === made) this.channel = undefined;
        this.failAll(new WorkerDied(why));
      });
      ch.post({ init: { wasm } });
      return ch;
    });
    made.catch(() => {
      if (this.channel === made) this.channel = undefined;
    });
    this.channel = made;
    return made;
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  /** Ends the current worker at once (a long statement included) and starts a fresh one. */
  cancel(): void {
    const ch = this.channel;
    this.channel = undefined;
    this.failAll(new Cancelled());
    if (ch) void ch.then((c) => c.terminate(), () => undefined);
    this.warm();
  }

  /** Sends one request; `isCancelled` is watched while it runs (a cancelled request terminates the worker). */
  request(req: SessionRequest, onCancel?: (listener: () => void) => void): Promise<SessionReply> {
    const run = async () => {
      const ch = await this.get();
      const id = this.nextId++;
      const reply = new Promise<SessionReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      onCancel?.(() => {
        if (this.pending.has(id)) this.cancel();
      });
      ch.post({ id, req });
      return reply;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  dispose(): void {
    const ch = this.channel;
    this.channel = undefined;
    this.failAll(new Cancelled());
    if (ch) void ch.then((c) => c.terminate(), () => undefined);
  }
}

/**
 * The Node compute worker: a child process on `file` (dist/webview/evaluator.js) with its own heap limit. A process,
 * not a worker_threads thread: a thread's resourceLimits are best-effort (one large allocation past them aborts the
 * whole process, nodejs/node#47224), while a child's out-of-memory abort ends only the child.
 */
export async function nodeChannel(file: string, heapMb = WORKER_HEAP_MB): Promise<Channel> {
  // Required lazily: the web host never reaches this (child_process is external to the one extension bundle).
  const { fork } = (await import("node:child_process")) as typeof import("node:child_process");
  const child = fork(file, [], {
    execArgv: [`--max-old-space-size=${heapMb}`, "--expose-gc"],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  // V8 prints why it aborted on stderr; keep the tail to tell an out-of-memory from a crash.
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  child.unref();
  channel?.unref();
  let ended = false;
  const exits: ((why: WorkerExit) => void)[] = [];
  child.on("exit", (code, signal) => {
    if (ended) return;
    ended = true;
    const outOfMemory = /heap out of memory|Allocation failed|invalid array length|invalid table size/i.test(stderr);
    const why = { outOfMemory, message: outOfMemory ? "out of memory" : `the compute worker stopped (${signal ?? `exit code ${code}`})` };
    for (const cb of exits) cb(why);
  });
  return {
    post: (m) => {
      // An idle worker must not keep a host (the CLI, a test run) alive: the child and its channel are referenced
      // only while a request is pending, so its exit is still seen.
      child.ref();
      channel?.ref();
      child.send(m);
    },
    onMessage: (cb) =>
      child.on("message", (m: WorkerReply) => {
        child.unref();
        channel?.unref();
        cb(m);
      }),
    onExit: (cb) => exits.push(cb),
    terminate: () => {
      ended = true;
      child.kill("SIGKILL");
    },
  };
}
