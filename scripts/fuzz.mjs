// The long robustness fuzz (issue #16): the generator of test/unit/fuzz-hostile.test.ts (mutated demo programs
// with the hostile statements spliced in) for a fixed time, with the default budgets, in this process (a V8
// out-of-memory would end the run: that is a crash). Reports runs, the slowest run and the peak memory.
//   node scripts/fuzz.mjs [--minutes 10] [--seed 1618]
import * as esbuild from "esbuild";
import { readdirSync, readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const minutes = arg("--minutes", 10);
const seed = arg("--seed", 0x1618);

const result = await esbuild.build({
  absWorkingDir: root,
  stdin: { contents: 'export * from "./test/unit/fuzzgen"; export { evaluate } from "./engine/python"; export { createEngine } from "./engine/api/engine";', resolveDir: root, loader: "ts" },
  bundle: true, write: false, platform: "node", format: "esm", target: "es2022", logLevel: "warning",
  loader: { ".wasm": "binary", ".gz": "binary" },
});
const lib = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
setFlagsFromString("--expose-gc");
globalThis.gc ??= runInNewContext("gc");

const engine = await lib.createEngine();
const demos = readdirSync(join(root, "demo"))
  .filter((f) => f.endsWith(".py"))
  .map((f) => "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n" + readFileSync(join(root, "demo", f), "utf8"));
const programs = [...demos, ...lib.HOSTILE];
const rand = lib.mulberry32(seed);
const end = Date.now() + minutes * 60_000;
let runs = 0, worstMs = 0, worstSrc = "", peakRss = 0, failures = 0;
const kinds = new Map();
while (Date.now() < end) {
  const src = lib.mutate(rand, programs);
  const t = performance.now();
  let out;
  try {
    out = lib.evaluate(src, engine);
  } catch (e) {
    failures++;
    console.log(`THREW: ${e?.message}\n${src.slice(0, 300)}`);
    continue;
  }
  const ms = performance.now() - t;
  runs++;
  if (ms > worstMs) [worstMs, worstSrc] = [ms, src];
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const lines = src.split("\n").length;
  for (const d of out.diagnostics) {
    if (!(d.line >= 1 && d.line <= lines && d.column >= 1) || /internal error|native code|\[object/.test(d.message)) {
      failures++;
      console.log(`BAD DIAGNOSTIC ${JSON.stringify(d)}\n${src.slice(0, 300)}`);
    }
    const kind = d.severity === "error" ? d.message.split(":")[0].slice(0, 40) : d.severity;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
}
console.log(`fuzz: seed ${seed}, ${minutes} min: ${runs} runs, ${failures} failures, slowest ${(worstMs / 1000).toFixed(2)} s, peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
console.log(`slowest program:\n${worstSrc.slice(0, 600)}`);
console.log("diagnostics:", JSON.stringify(Object.fromEntries([...kinds].sort((a, b) => b[1] - a[1]).slice(0, 15))));
process.exit(failures ? 1 : 0);
