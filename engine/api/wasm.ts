// Loads the bundled SIMD module. The bytes are embedded by esbuild (binary loader), so the same code
// works in Node, the web-worker extension host and a webview without fetch or file access.
import simdBytes from "../../build/engine.wasm";

export interface KernelExports {
  memory: WebAssembly.Memory;
  mse_sum_f32(a: number, b: number, n: number): number;
}

let instance: Promise<KernelExports> | undefined;

/** The engine's kernels, compiled once per process (asynchronously: browsers limit sync compiles). */
export function loadKernels(bytes: Uint8Array = simdBytes): Promise<KernelExports> {
  if (bytes !== simdBytes) return instantiate(bytes);
  instance ??= instantiate(bytes);
  return instance;
}

async function instantiate(bytes: Uint8Array): Promise<KernelExports> {
  const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as KernelExports;
}
