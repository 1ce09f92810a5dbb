// Loads the bundled SIMD module. The bytes are embedded by esbuild (binary loader), so the same code
// works in Node, the web-worker extension host and a webview without fetch or file access.
import simdBytes from "../../build/engine.wasm";
import mathBytes from "../../build/eval-math.wasm";

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

let mathInstance: Promise<KernelExports> | undefined;

/** The evaluator's element-wise math module (build/eval-math.wasm: unary_f32 / unary_f64), compiled once. */
export function loadMathKernels(): Promise<KernelExports> {
  mathInstance ??= instantiate(mathBytes);
  return mathInstance;
}
