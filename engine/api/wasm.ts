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

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * A fresh instance of the engine's kernels (its own memory: an engine's pinned tensors are its own); the module is
 * compiled once per process (asynchronously: browsers limit sync compiles).
 */
export async function loadKernels(bytes?: Uint8Array): Promise<Kernels> {
  const module = bytes ? WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>) : (compiled ??= gunzip(simdGzip).then((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>)));
  const instance = await WebAssembly.instantiate(await module, {});
  const exports = instance.exports as unknown as KernelExports;
  return { exports, ...kernelsByDtype(exports) };
}

async function gunzip(gz: Uint8Array): Promise<Uint8Array> {
  const inflated = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}
