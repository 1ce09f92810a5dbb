// npm run bench [-- --json] [-- --only NAME[,NAME...]] [-- --sizes 1e3,1e5] [-- --pytorch 1.13|2.13]
//   [-- --loss PREFIX[,PREFIX...]] [-- --clock cpu|wall] [-- --cpu N] [-- --rounds R]
// --pytorch: the PyTorch timed against and reproduced (default 1.13, Debian's; 2.13: the CPU wheel's venv with
// its AVX2 kernels, the product's default version). --loss: only the rows whose loss name starts with a prefix.
// --clock: CPU time of the process (default: robust on a shared machine) or wall time; both sides use the same.
// --cpu N: the whole run, PyTorch's process included, on CPU N alone (Linux taskset): where cores run at different
// speeds, both sides on the same one (engine/README.md "Speed against PyTorch"). --rounds R (custom-losses): every
// side measured R times in turn, each keeping its best, so a slow spell of the machine falls on all sides alike.
// Runs every section file scripts/bench/*.mjs (sorted by name) and prints its tables; --json prints one JSON
// object {sections: [{name, title, notes, columns, rows}]} instead. A section exports
//   default async function (ctx) -> {title, notes?: string[], columns: string[], rows: object[]}
// where ctx (scripts/bench-lib.mjs) offers the wasm builds, a timing helper, a persistent PyTorch runner and
// the command-line options. Sections must keep the whole run under about 5 minutes.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createContext, formatPerLoss, formatTable } from "./bench-lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const cpu = opt("--cpu");
if (cpu !== undefined && process.env.LOSS_LENS_BENCH_CPU !== cpu) {
  // Re-run pinned: the child processes (PyTorch's) inherit the affinity.
  const r = spawnSync("taskset", ["-c", cpu, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, LOSS_LENS_BENCH_CPU: cpu },
  });
  if (r.error) throw new Error(`--cpu ${cpu}: taskset failed (${r.error.message})`);
  process.exit(r.status ?? 1);
}
const json = argv.includes("--json");
const only = opt("--only")?.split(",");

const ctx = await createContext({
  sizes: opt("--sizes")?.split(",").map(Number),
  pytorch: opt("--pytorch") ?? undefined,
  losses: opt("--loss")?.split(","),
  clock: opt("--clock") ?? undefined,
  rounds: Math.max(1, Math.floor(Number(opt("--rounds") ?? 1)) || 1),
  log: json ? () => {} : (s) => process.stderr.write(s + "\n"),
});
if (!json) console.log(`PyTorch timed against: ${ctx.pytorch} (${ctx.torch.python}); Node ${process.version}, kernels: ${ctx.engine.kernelVariant}, clock: ${ctx.machine.clock}`);
const files = readdirSync(join(here, "bench")).filter((f) => f.endsWith(".mjs")).sort();
const sections = [];
try {
  for (const file of files) {
    const name = file.replace(/\.mjs$/, "");
    if (only && !only.includes(name)) continue;
    const mod = await import(pathToFileURL(join(here, "bench", file)).href);
    const started = Date.now();
    const result = await mod.default(ctx);
    sections.push({ name, seconds: (Date.now() - started) / 1000, ...result });
    if (!json) {
      console.log(`\n## ${result.title}  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      for (const note of result.notes ?? []) console.log(`- ${note}`);
      // Sections whose rows are per loss and size print one table per loss.
      const perLoss = result.columns.includes("loss") && result.columns.includes("n");
      console.log("\n" + (perLoss ? formatPerLoss(result.columns, result.rows) : formatTable(result.columns, result.rows)));
    }
  }
} finally {
  ctx.close();
}
if (json) console.log(JSON.stringify({ machine: ctx.machine, sections }, null, 1));
