// Loads the bundled SIMD module. The bytes are gzip-compressed (77 KB of wasm is 34 KB gzipped), come from
// wasm-source.ts (embedded in the bundle, or a file the host reads) and are inflated with the platform's
// DecompressionStream, so the same code works in Node, the web-worker extension host, a webview and a worker.
// The exports' types are generated from the kernels' sources (kernels.generated.ts).
//
// Two builds of the same kernels: engine-fma.wasm runs Sleef's float32 fused multiply-adds as relaxed SIMD's
// f32x4.relaxed_madd, engine.wasm emulates them exactly. The first is used only where the host compiles relaxed
// SIMD and its relaxed_madd really fuses, checked once with inputs whose fused and unfused results differ
// (V8 on an FMA CPU: Node 22+, Chromium, VS Code's Electron; Node 20 only with --experimental-wasm-relaxed-simd).
import { kernelsByDtype, type DtypeKernels, type KernelExports } from "./kernels.generated";
import { readWasm, type WasmName } from "./wasm-source";

export type { DtypeKernels, KernelExports };

/** Which build runs: fused multiply-adds on the host's FMA, or their exact emulation. */
export type KernelVariant = "fma" | "emulated";

/** One instance of the module: its exports, and each dtype's kernels under their base names. */
export interface Kernels {
  exports: KernelExports;
  /** The compiled module, for more instances of it (api/resident.ts). */
  module: WebAssembly.Module;
  float32: DtypeKernels;
  float64: DtypeKernels;
  variant: KernelVariant;
}

let chosen: Promise<{ module: WebAssembly.Module; variant: KernelVariant }> | undefined;
let emulated: Promise<WebAssembly.Module> | undefined;

/**
 * A fresh instance of the engine's kernels (its own memory: an engine's pinned tensors are its own); modules are
 * compiled once per process (asynchronously: browsers limit sync compiles). `bytes`: another build (the
 * benchmark's scalar one); `variant: "emulated"` refuses the FMA build.
 */
export async function loadKernels(bytes?: Uint8Array, variant?: KernelVariant): Promise<Kernels> {
  let module: WebAssembly.Module;
  let v: KernelVariant = "emulated";
  if (bytes) module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  else if (variant === "emulated") module = await emulatedModule();
  else ({ module, variant: v } = await (chosen ??= forgetOnFailure(choose(), () => (chosen = undefined))));
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as unknown as KernelExports;
  return { exports, module, ...kernelsByDtype(exports), variant: v };
}

/** The FMA build when this host compiles it and fuses, else the emulating one. */
async function choose(): Promise<{ module: WebAssembly.Module; variant: KernelVariant }> {
  // Reading the bytes may fail (a missing file): that is an error, not a host without relaxed SIMD.
  const fmaGz = await readWasm("engine-fma.wasm.gz");
  try {
    const module = await WebAssembly.compile((await gunzip(fmaGz)) as Uint8Array<ArrayBuffer>);
    const probe = (await WebAssembly.instantiate(module, {})).exports as unknown as KernelExports;
    // (1 + 2^-12)(1 - 2^-12) - 1 = -2^-24 exactly; the unfused product rounds to 1 and gives 0.
    if (probe.fma_probe(1 + 2 ** -12, 1 - 2 ** -12, -1) === -(2 ** -24)) return { module, variant: "fma" };
  } catch {
    // No relaxed SIMD on this host (a CompileError): the emulation.
  }
  return { module: await emulatedModule(), variant: "emulated" };
}

function emulatedModule(): Promise<WebAssembly.Module> {
  return (emulated ??= forgetOnFailure(compileGz("engine.wasm.gz"), () => (emulated = undefined)));
}

/** A failed read or compile is not cached: the next compute tries again. */
function forgetOnFailure<T>(p: Promise<T>, forget: () => void): Promise<T> {
  p.catch(forget);
  return p;
}

async function compileGz(name: WasmName): Promise<WebAssembly.Module> {
  return WebAssembly.compile((await gunzip(await readWasm(name))) as Uint8Array<ArrayBuffer>);
}

async function gunzip(gz: Uint8Array): Promise<Uint8Array> {
  const inflated = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}
