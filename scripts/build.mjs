// One build for everything: the engine's .wasm (AssemblyScript), the Node and web-worker extension bundles,
// the webview bundle, the CLI and the test bundles.
//   node scripts/build.mjs               development build (source maps, tests)
//   node scripts/build.mjs --production  minified, no source maps, no tests (what the .vsix ships)
//   node scripts/build.mjs --watch       rebuild on change
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { writeKernelTypes } from "./gen-kernel-types.mjs";
import { externalWasm } from "./wasm-plugin.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const production = args.has("--production");
const watching = args.has("--watch");

/** The AssemblyScript modules: the SIMD engine and a scalar twin used only as the benchmark's baseline. */
export const wasmTargets = [
  // Shipped gzip-compressed (build/engine.wasm.gz): copied once into dist/webview/ for the .vsix's bundles (see
  // shipped below), embedded in base64 in the others (engine/api/wasm-embedded.ts).
  // Its declarations (build/engine.d.ts) become engine/api/kernels.generated.ts (scripts/gen-kernel-types.mjs).
  { out: "build/engine.wasm", flags: ["--enable", "simd", "--bindings", "raw"], gzip: true, types: true },
  // The same kernels with relaxed SIMD: Sleef's float32 fused multiply-adds as f32x4.relaxed_madd. Used where the
  // host's relaxed_madd really fuses (engine/api/wasm.ts probes it once), else engine.wasm's exact emulation.
  { out: "build/engine-fma.wasm", flags: ["--enable", "simd", "--enable", "relaxed-simd"], gzip: true },
  // Kernels branch on AssemblyScript's compile-time ASC_FEATURE_SIMD, so one source gives both.
  { out: "build/engine-scalar.wasm", flags: ["--disable", "simd"] },
  // Test-only: ATen's exp / log / log1p primitives over arrays (test/unit/aten-math.test.ts); not shipped.
  { out: "build/aten-math.wasm", entry: "test/kernels/aten-test.ts", flags: ["--enable", "simd"] },
  { out: "build/aten-math-fma.wasm", entry: "test/kernels/aten-test.ts", flags: ["--enable", "simd", "--enable", "relaxed-simd"] },
];

async function buildWasm() {
  const asc = (await import("assemblyscript/asc")).default;
  mkdirSync(join(root, "build"), { recursive: true });
  for (const target of wasmTargets) {
    const argv = [
      target.entry ?? "engine/kernels/index.ts",
      "--outFile", target.out,
      "--runtime", "stub",
      "--use", "abort=",
      "--optimizeLevel", "3",
      "--shrinkLevel", "0",
      "--noAssert",
      "--converge",
      ...target.flags,
    ];
    const { error, stderr } = await asc.main(argv, { stdout: process.stdout, stderr: process.stderr });
    if (error) throw new Error(`AssemblyScript build of ${target.out} failed: ${error.message}\n${stderr}`);
    if (target.gzip) writeFileSync(join(root, `${target.out}.gz`), gzipSync(readFileSync(join(root, target.out)), { level: 9 }));
    if (target.types && writeKernelTypes()) console.log("loss-lens: engine/api/kernels.generated.ts regenerated (commit it)");
  }
  copyShippedWasm();
}

/** The .wasm.gz files the shipped bundles read at run time (engine/api/wasm-source.ts), named in .vscodeignore.
 *  In dist/webview/ because the playground page may only fetch from there (its localResourceRoots). */
const shippedWasm = ["engine.wasm.gz", "engine-fma.wasm.gz"];

function copyShippedWasm() {
  mkdirSync(join(root, "dist", "webview"), { recursive: true });
  for (const name of shippedWasm) copyFileSync(join(root, "build", name), join(root, "dist", "webview", name));
}


function findFiles(dir, suffix) {
  const abs = join(root, dir);
  let out = [];
  let entries;
  try {
    entries = readdirSync(abs);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) out = out.concat(findFiles(relative(root, path), suffix));
    else if (name.endsWith(suffix)) out.push(relative(root, path));
  }
  return out;
}

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: production,
  sourcemap: production ? false : "linked",
  target: "es2022",
  logLevel: "warning",
  loader: { ".wasm": "binary", ".gz": "binary" },
  define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
};

function configs() {
  const shipped = { ...common, plugins: [externalWasm] };
  const list = [
    // One bundle for both extension hosts, the desktop / remote one (Node) and the web worker (vscode.dev,
    // code-server's web worker host): package.json's main and browser name it. Built for the browser, so any
    // Node built-in fails the build instead of the web host; the Node host runs it as it is (CommonJS). The one
    // exception, child_process (the compute worker's process), is required only on the Node host.
    { ...shipped, entryPoints: ["extension/main.ts"], outfile: "dist/extension.js", platform: "browser", format: "cjs", external: ["vscode", "node:child_process"], mainFields: ["browser", "module", "main"] },
    // The playground page.
    { ...shipped, entryPoints: ["webview/main.ts"], outfile: "dist/webview/playground.js", platform: "browser", format: "iife" },
    // The evaluator, shipped once in two roles (extension/compute/worker/main.ts): the extension host's compute
    // worker (a child process in Node, a Web Worker on the web, handed the engine's bytes by its host), and the
    // page's script for a user's own loss, loaded only when one is plotted.
    { ...shipped, entryPoints: ["extension/compute/worker/main.ts"], outfile: "dist/webview/evaluator.js", platform: "browser", format: "iife" },
  ];
  if (!production) {
    // The CLI (npm bin) is a development tool: not part of the .vsix.
    list.push({ ...common, entryPoints: ["cli/main.ts"], outfile: "dist/cli.js", platform: "node", format: "cjs" });
    const unit = findFiles("test/unit", ".test.ts");
    if (unit.length) list.push({ ...common, entryPoints: unit, outbase: "test", outdir: "dist/test", platform: "node", format: "cjs" });
    // The playground page in Chromium (playwright-core stays a runtime dependency of the test, not bundled).
    const browser = [...findFiles("test/browser", ".test.ts"), ...findFiles("test/browser", ".bench.ts")];
    if (browser.length) list.push({ ...common, entryPoints: browser, outbase: "test", outdir: "dist/test", platform: "node", format: "cjs", external: ["playwright-core", "esbuild"] });
    const integration = [...findFiles("test/integration", ".test.ts"), "test/integration/suite/index.ts"];
    list.push({ ...common, entryPoints: integration, outbase: "test", outdir: "dist/test", platform: "node", format: "cjs", external: ["vscode", "mocha"] });
    list.push({ ...common, entryPoints: ["test/package/index.ts"], outfile: "dist/test/package/index.js", platform: "node", format: "cjs", external: ["vscode"] });
  }
  return list.filter((c) => c.entryPoints.every((e) => statExists(join(root, e))));
}

function statExists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  // A production build starts clean so no development leftovers (maps, tests) reach the .vsix.
  if (production) rmSync(join(root, "dist"), { recursive: true, force: true });
  // Test bundles are rebuilt whole, so a renamed or deleted test never lingers as a stale .js that still runs.
  else rmSync(join(root, "dist", "test"), { recursive: true, force: true });
  await buildWasm();
  // The snippets are generated from the catalog (scripts/gen-snippets.mjs); the unit tests compare them too.
  await (await import("./gen-snippets.mjs")).writeSnippets();
  if (!watching) {
    await Promise.all(configs().map((c) => esbuild.build(c)));
    console.log(`loss-lens: built ${production ? "production" : "development"} bundles in ${Date.now() - started} ms`);
    return;
  }
  const contexts = await Promise.all(configs().map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
  // asc has no watch mode: rebuild the .wasm when a kernel changes; esbuild then picks up the new bytes.
  let pending;
  watch(join(root, "engine/kernels"), { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => buildWasm().catch((e) => console.error(e.message)), 100);
  });
  console.log("loss-lens: watching for changes (Ctrl-C to stop)");
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
