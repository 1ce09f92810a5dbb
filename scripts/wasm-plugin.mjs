// The .vsix's bundles read the engine's bytes from the shipped .wasm.gz files, not base64 inside every bundle:
// this esbuild plugin swaps engine/api/wasm-embedded.ts for wasm-external.ts. Used by scripts/build.mjs and by
// the browser test that measures the shipped playground bundle.
import { join } from "node:path";

export const externalWasm = {
  name: "external-wasm",
  setup(build) {
    build.onResolve({ filter: /\/wasm-embedded$/ }, (args) => ({ path: join(args.resolveDir, "wasm-external.ts") }));
  },
};
