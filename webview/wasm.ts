// The page fetches the engine's .wasm.gz from its own resource origin (dist/webview/, beside this bundle, which
// embeds no copy: scripts/build.mjs), on the first engine load. The CSP's connect-src allows that origin.
import { setWasmSource } from "../engine/api/wasm-source";

// Read while the bundle's script runs: later, document.currentScript is null.
const base = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;

export function useShippedWasm(): void {
  setWasmSource(async (name) => {
    const url = new URL(name, base);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load ${url.pathname.split("/").pop()} (HTTP ${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  });
}
