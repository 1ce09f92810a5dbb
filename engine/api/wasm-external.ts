// Stands in for wasm-embedded.ts in the shipped bundles (scripts/build.mjs), which read the .wasm.gz files
// shipped beside them instead: reaching this means the host forgot setWasmSource().
import type { WasmName } from "./wasm-source";

export function embeddedWasm(name: WasmName): Promise<Uint8Array> {
  return Promise.reject(new Error(`Loss Lens: ${name} is not embedded in this bundle and no source was registered (setWasmSource)`));
}
