// The engine's bytes embedded in the bundle by esbuild's binary loader (base64, about 44 KB per build): the
// default source, for bundles with no files beside them (the CLI, the tests).
import simdGzip from "../../build/engine.wasm.gz";
import fmaGzip from "../../build/engine-fma.wasm.gz";
import type { WasmName } from "./wasm-source";

export function embeddedWasm(name: WasmName): Promise<Uint8Array> {
  return Promise.resolve(name === "engine-fma.wasm.gz" ? fmaGzip : simdGzip);
}
