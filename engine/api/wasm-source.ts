// Where the engine's gzip-compressed .wasm bytes come from. By default they are embedded in the bundle
// (wasm-embedded.ts: the CLI, the tests). The .vsix ships each .wasm.gz once as a file beside the bundles
// (dist/webview/), and its bundles embed nothing (scripts/build.mjs swaps wasm-embedded.ts for
// wasm-external.ts): the extension host and the playground page register a source that reads that file.
// A worker is handed its host's bytes the same way: setWasmSource(() => Promise.resolve(bytes)).
import { embeddedWasm } from "./wasm-embedded";

/** The shipped builds: the exact emulation and the relaxed-SIMD (FMA) one, both gzip-compressed. */
export type WasmName = "engine.wasm.gz" | "engine-fma.wasm.gz";

/** Returns the gzip-compressed bytes of one build. Called at most once per build per process, on first use. */
export type WasmSource = (name: WasmName) => Promise<Uint8Array>;

let source: WasmSource = embeddedWasm;

/** Replaces where the bytes come from; takes effect for modules not compiled yet (call it before the first compute). */
export function setWasmSource(next: WasmSource): void {
  source = next;
}

export function readWasm(name: WasmName): Promise<Uint8Array> {
  return source(name);
}
