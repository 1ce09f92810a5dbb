// `npm test`: type check + lint, the packaged .vsix (size, contents, installs and activates), build, unit tests (node:test in plain Node), browser tests (the webview page in
// Chromium), then the integration suite inside a real VS Code (code-server + Chromium). Prints one closing line
// "N passed, N failed" for the whole run and exits non-zero on any failure. A missing tool is a failure.
//   node scripts/test.mjs [--only static|package|unit|browser|integration]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runExtensionTests } from "./vscode/workbench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
const totals = { passed: 0, failed: 0 };
const failures = [];

function stage(name) {
  return !only || only === name;
}

function record(name, passed, failed) {
  totals.passed += passed;
  totals.failed += failed;
  if (failed) failures.push(`${name}: ${failed} failed`);
  console.log(`\n== ${name}: ${passed} passed, ${failed} failed\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return result.status ?? 1;
}

const bin = (name) => join(root, "node_modules", ".bin", name);

/** node:test over the .test.js files of a dist folder; counts come from a TAP copy of the report. */
function nodeTests(name, dir, { flags = [], filter = () => true } = {}) {
  const abs = join(root, dir);
  const files = (existsSync(abs) ? findTests(abs) : []).filter(filter);
  if (files.length === 0) {
    record(name, 0, 1);
    console.error(`${name}: no test files under ${dir}`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), "loss-lens-test-"));
  const tap = join(tmp, "report.tap");
  run(process.execPath, [
    ...flags,
    "--test",
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const report = existsSync(tap) ? readFileSync(tap, "utf8") : "";
  const count = (key) => Number(report.match(new RegExp(`^# ${key} (\\d+)`, "m"))?.[1] ?? 0);
  const passed = count("pass");
  // A crashed runner writes no summary: count it as a failure, never as a silent pass.
  const failed = count("fail") + count("cancelled") + (report.includes("# tests") ? 0 : 1);
  rmSync(tmp, { recursive: true, force: true });
  record(name, passed, failed);
}

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith(".test.js") ? [path] : [];
  });
}

if (stage("static")) {
  record("type check", ...(run(bin("tsc"), ["-p", ".", "--noEmit"]) === 0 ? [1, 0] : [0, 1]));
  record("lint", ...(run(bin("eslint"), ["."]) === 0 ? [1, 0] : [0, 1]));
}

/** The files inside a .vsix (a zip), without the extension/ prefix vsce adds; read from the archive itself. */
function vsixEntries(vsix) {
  const py = "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))";
  const out = spawnSync("python3", ["-c", py, vsix], { encoding: "utf8" }).stdout ?? "";
  return out.split("\n").filter((f) => f.startsWith("extension/")).map((f) => f.slice("extension/".length));
}

/** The .vsix as users get it: size, contents, and that it installs into code-server and activates. */
async function packageStage() {
  const vsix = join(root, "dist", "loss-lens.vsix");
  // As a publisher runs it: a development build in the tree (maps included), then plain `vsce package`, whose
  // vscode:prepublish must make the production build on its own.
  if (run(process.execPath, ["scripts/build.mjs"]) !== 0 || run(bin("vsce"), ["package", "--no-dependencies", "--out", vsix]) !== 0) {
    record("package", 0, 1);
    return;
  }
  const listing = vsixEntries(vsix);
  const forbidden = listing.filter((f) => /\.(map|ts)$|^(test|engine|extension|webview|scripts|cli|node_modules)\/|^dist\/(test|cli)/.test(f));
  const size = statSync(vsix).size;
  console.log(`.vsix: ${(size / 1024).toFixed(1)} KB, ${listing.length} files:\n  ${listing.join("\n  ")}`);
  let passed = 0;
  let failed = 0;
  const check = (ok, message) => {
    if (ok) passed++;
    else {
      failed++;
      console.error(`package: ${message}`);
    }
  };
  check(size < 564 * 1024, `the .vsix is ${(size / 1024).toFixed(0)} KB (limit 564 KB)`);
  check(forbidden.length === 0, `the .vsix contains sources/tests/maps: ${forbidden.join(", ")}`);
  // The package check's own test bundle comes from the development build.
  if (run(process.execPath, ["scripts/build.mjs"]) !== 0) return record("package", passed, failed + 1);
  try {
    const result = await runExtensionTests({
      folder: join(root, "test/integration/workspace"),
      extensionPath: join(root, "test/package/host"),
      testsPath: join(root, "dist/test/package/index"),
      install: [vsix],
      timeoutMs: 3 * 60_000,
      onLog: (line) => console.log(line),
    });
    passed += result.passed;
    failed += result.failed || (result.code !== 0 ? 1 : 0);
  } catch (error) {
    console.error(`package: install check could not run: ${error.message}`);
    failed++;
  }
  record("package (.vsix installed in code-server)", passed, failed);
}

if (stage("package")) await packageStage();

if (run(process.execPath, ["scripts/build.mjs"]) !== 0) {
  record("build", 0, 1);
} else {
  if (stage("unit")) {
    nodeTests("unit tests", "dist/test/unit");
    // Node 20 compiles relaxed SIMD only behind a flag (22+ by default: there the run above already used the FMA
    // build and checked the emulation beside it): the exactness tests again, on the engine's FMA build.
    if (Number(process.versions.node.split(".")[0]) < 22) {
      const exact = /(kernel-fast-paths|losses-pointwise|losses-structured|aten-math|fma|ctc-lanes|python-fixtures|elementwise|kernel-math|sums|engine-memory|tensor-kernels|resident)\.test\.js$/;
      nodeTests("unit tests, FMA build (relaxed SIMD)", "dist/test/unit", { flags: ["--experimental-wasm-relaxed-simd"], filter: (f) => exact.test(f) });
    }
  }
  if (stage("browser") && existsSync(join(root, "test/browser"))) nodeTests("browser tests", "dist/test/browser");
  if (stage("integration")) {
    try {
      const started = Date.now();
      const result = await runExtensionTests({
        folder: join(root, "test/integration/workspace"),
        extensionPath: root,
        testsPath: join(root, "dist/test/integration/suite/index"),
        onLog: (line) => console.log(line),
      });
      if (result.code !== 0 && result.failed === 0) result.failed = 1;
      console.log(`integration suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      record("integration tests (code-server)", result.passed, result.failed);
    } catch (error) {
      console.error(`integration tests could not run: ${error.message}`);
      record("integration tests (code-server)", 0, 1);
    }
  }
}

if (failures.length) console.log(`failures: ${failures.join("; ")}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
