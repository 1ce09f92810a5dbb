// Loads the bundled SIMD module. The bytes are embedded by esbuild (binary loader), gzip-compressed (75 KB of
// wasm is 33 KB gzipped, 44 KB in base64 instead of 100 KB), and inflated with the platform's
// DecompressionStream, so the same code works in Node, the web-worker extension host and a webview without
// fetch or file access. The exports' types are generated from the kernels' sources (kernels.generated.ts).
import simdGzip from "../../build/engine.wasm.gz";
import { kernelsByDtype, type DtypeKernels, type KernelExports } from "./kernels.generated";

export type { DtypeKernels, KernelExports };

/** One instance of the module: its exports, and each dtype's kernels under their base names. */
export interface Kernels {
  exports: KernelExports;
  float32: DtypeKernels;
  float64: DtypeKernels;
}

let instance: Promise<Kernels> | undefined;

/** The engine's kernels, compiled once per process (asynchronously: browsers limit sync compiles). */
export function loadKernels(bytes?: Uint8Array): Promise<Kernels> {
  if (bytes) return instantiate(bytes);
  instance ??= gunzip(simdGzip).then(instantiate);
  return instance;
}

async function gunzip(gz: Uint8Array): Promise<Uint8Array> {
  const inflated = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

async function instantiate(bytes: Uint8Array): Promise<Kernels> {
  const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as unknown as KernelExports;
  return { exports, ...kernelsByDtype(exports) };
}
