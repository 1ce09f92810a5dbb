// The webview bundle's budget: under 400 KB minified, as `node scripts/build.mjs --production` builds it
// (same entry and esbuild options; the engine's .wasm is a file beside it, as scripts/build.mjs's externalWasm
// plugin arranges for every shipped bundle).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as esbuild from "esbuild";
import { join } from "node:path";
import { root } from "./harness";

/** scripts/build.mjs's externalWasm: shipped bundles read the engine's bytes from files, not base64. */
const externalWasm: esbuild.Plugin = {
  name: "external-wasm",
  setup(build) {
    build.onResolve({ filter: /\/wasm-embedded$/ }, (args) => ({ path: join(args.resolveDir, "wasm-external.ts") }));
  },
};

async function minified(entry: string): Promise<number> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    loader: { ".wasm": "binary", ".gz": "binary" },
    define: { "process.env.NODE_ENV": '"production"' },
    outdir: "out",
    write: false,
    logLevel: "silent",
    plugins: [externalWasm],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  assert.ok(js);
  return js.contents.length;
}

test("the playground bundle stays under 400 KB minified", async () => {
  const size = await minified("webview/main.ts");
  console.log(`playground.js: ${(size / 1024).toFixed(1)} KB minified`);
  assert.ok(size < 400 * 1024, `${size} bytes`);
});

// The evaluator for the user's own losses is a second bundle, loaded only when one is plotted.
test("the user-loss evaluator bundle stays under 256 KB minified", async () => {
  const size = await minified("webview/userloss/entry.ts");
  console.log(`userloss.js: ${(size / 1024).toFixed(1)} KB minified`);
  assert.ok(size < 256 * 1024, `${size} bytes`);
});
