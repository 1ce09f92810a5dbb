// Passive features and the evaluator on hostile long lines (issue #18): a 2.4 MB line of strings, a 1.9 MB line
// of `torch.tensor(1.0),`, a 10^5-term `+` chain, 10^4-term chains and attributes. Runs alone:
//   node scripts/bench/longlines.mjs [--eval]
// For each case: CodeLens (readStatements), compute planning at the last line (plan), hover (analyze +
// resolveAt + renderHover at the first `torch`), and with --eval the evaluator (evaluate). Times in ms; "threw"
// marks an exception (a RangeError is the bug #18 names).
import * as esbuild from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function load() {
  const entry = `export * from "./engine/hover"; export { loadDocs } from "./engine/catalog/docs";
    export { readStatements } from "./engine/compute/analysis"; export { plan } from "./engine/compute/plan";
    export { evaluate } from "./engine/python"; export { createEngine } from "./engine/api/engine";`;
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    bundle: true, write: false, platform: "node", format: "esm", target: "es2022", logLevel: "warning",
    loader: { ".wasm": "binary", ".gz": "binary" },
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
}

export const cases = {
  "2.4 MB line of strings": () => "import torch\nx = [" + Array(240000).fill("'abcdefgh'").join(", ") + "]\nloss = torch.nn.MSELoss()(torch.tensor(1.0), torch.tensor(2.0))\n",
  "1.9 MB line of torch.tensor(1.0),": () => "import torch\nxs = [" + "torch.tensor(1.0),".repeat(105000) + "]\nloss = torch.nn.MSELoss()(xs[0], xs[1])\n",
  "10^5-term + chain": () => "import torch\na = torch.tensor(1.0)\ny = " + Array(100000).fill("a").join(" + ") + "\nloss = torch.nn.MSELoss()(y, a)\n",
  "10^4-term + chain": () => "import torch\na = torch.tensor(1.0)\ny = " + Array(10000).fill("a").join(" + ") + "\nloss = torch.nn.MSELoss()(y, a)\n",
  "10^4 attribute chain": () => "import torch\ny = torch" + ".T".repeat(10000) + "\nloss = torch.nn.MSELoss()(y, y)\n",
  "10^4 nested calls": () => "import torch\ny = " + "abs(".repeat(10000) + "1" + ")".repeat(10000) + "\nloss = torch.nn.MSELoss()(y, y)\n",
};

function time(fn) {
  const t = performance.now();
  try {
    const r = fn();
    return { ms: performance.now() - t, r };
  } catch (e) {
    return { ms: performance.now() - t, err: `${e?.name}: ${String(e?.message).slice(0, 80)}` };
  }
}

async function main() {
  const lib = await load();
  const withEval = process.argv.includes("--eval");
  const engine = withEval ? await lib.createEngine() : null;
  const docs = await lib.loadDocs("en");
  const rows = [];
  for (const [name, make] of Object.entries(cases)) {
    const src = make();
    const lines = src.split("\n");
    const last = lines.length - 2;
    const lens = time(() => lib.readStatements([src]).filter((s) => s.loss).length);
    const planned = time(() => lib.plan({ cells: [src], cell: 0, selection: null, cursor: { cell: 0, line: last, column: 0 } }).kind);
    const at = src.lastIndexOf("MSELoss") + 2;
    const hover = time(() => {
      const a = lib.analyze(src);
      const target = lib.resolveAt(a, at);
      return target ? lib.renderHover(target, { lang: "en", docs, lineOf: () => 1 }).length : 0;
    });
    const row = { case: name, MB: (src.length / 1e6).toFixed(2), codeLens: lens, plan: planned, hover };
    if (engine) row.evaluate = time(() => lib.evaluate(src, engine).diagnostics.map((d) => d.message.slice(0, 60)).join(" | ") || "ok");
    rows.push(row);
    const fmt = (x) => (x.err ? `threw ${x.err} (${x.ms.toFixed(0)} ms)` : `${x.ms.toFixed(1)} ms`);
    console.log(`${name} (${row.MB} MB): codeLens ${fmt(lens)}; plan ${fmt(planned)}; hover ${fmt(hover)}${engine ? `; evaluate ${fmt(row.evaluate)} ${row.evaluate.r ?? ""}` : ""}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
