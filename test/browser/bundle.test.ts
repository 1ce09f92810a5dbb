// The webview bundle's budget: under 400 KB minified, as `node scripts/build.mjs --production` builds it
// (same entry and esbuild options; the .wasm engine is inside, base64).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as esbuild from "esbuild";
import { root } from "./harness";

test("the playground bundle stays under 400 KB minified", async () => {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["webview/main.ts"],
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
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  assert.ok(js);
  console.log(`playground.js: ${(js.contents.length / 1024).toFixed(1)} KB minified`);
  assert.ok(js.contents.length < 400 * 1024, `${js.contents.length} bytes`);
});
