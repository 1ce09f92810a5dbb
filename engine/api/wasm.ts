// Loads the bundled SIMD module. The bytes are embedded by esbuild (binary loader), gzip-compressed (75 KB of
// wasm is 33 KB gzipped, 44 KB in base64 instead of 100 KB), and inflated with the platform's
// DecompressionStream, so the same code works in Node, the web-worker extension host and a webview without
// fetch or file access.
import simdGzip from "../../build/engine.wasm.gz";

/** An element-wise kernel: (pointers and counts..., gscale, params...) -> sum of per-element losses. */
export type Kernel = (...args: number[]) => number;

export interface KernelExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  [name: string]: Kernel | WebAssembly.Memory;
}

/** A kernel by export name, typed for calling. */
export function kernel(k: KernelExports, name: string): Kernel {
  const f = k[name];
  if (typeof f !== "function") throw new Error(`engine.wasm has no kernel ${name}`);
  return f;
}

let instance: Promise<KernelExports> | undefined;

/** The engine's kernels, compiled once per process (asynchronously: browsers limit sync compiles). */
export function loadKernels(bytes?: Uint8Array): Promise<KernelExports> {
  if (bytes) return instantiate(bytes);
  instance ??= gunzip(simdGzip).then(instantiate);
  return instance;
}

async function gunzip(gz: Uint8Array): Promise<Uint8Array> {
  const inflated = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

async function instantiate(bytes: Uint8Array): Promise<KernelExports> {
  const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as KernelExports;
}

