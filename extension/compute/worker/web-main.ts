// The compute worker's entry in the web extension host (a Web Worker started from a blob): dist/web/computeWorker.js.
import type { WorkerRequest } from "./protocol";
import { serve } from "./serve";

declare const self: { postMessage(m: unknown): void; onmessage: ((e: { data: WorkerRequest }) => void) | null };

serve((reply) => self.postMessage(reply), (handler) => (self.onmessage = (e) => handler(e.data)));
