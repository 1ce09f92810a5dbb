// `node scripts/corpus-report.mjs [--out FILE] [--ops]`: runs the real-code corpus (test/corpus) through the evaluator
// and prints every program that is not exact, grouped by cause (the refusal's message, or what is wrong), the groups
// ranked by count: the list of what to build next. --ops adds every torch / nn / F function and Tensor method the
// corpus calls (scripts/corpus-ops.py, needs any python3), ranked by programs, with whether the evaluator knows it
// today. --engine DIR measures the evaluator of another worktree (DIR/engine) against this corpus. Bundles
// test/unit/corpus.ts from source, so no build is needed.
// --update: removes from test/corpus/known-wrong.json the programs that are no longer wrong (and restates why the
// others are wrong today) and raises
// test/corpus/floor.json to today's exact count. It never adds a program to the list and never lowers the floor.
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outIndex = process.argv.indexOf("--out");
const outFile = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
const engineIndex = process.argv.indexOf("--engine");
const engineRoot = engineIndex > 0 ? resolve(process.argv[engineIndex + 1]) : undefined;

/** Resolves the corpus module's `../../engine/...` imports into another worktree's engine/. */
const otherEngine = {
  name: "other-engine",
  setup(build) {
    build.onResolve({ filter: /\/engine\// }, (args) => {
      if (!args.importer.startsWith(join(root, "test"))) return undefined;
      const abs = resolve(args.resolveDir, args.path);
      return { path: resolveTs(join(engineRoot, relative(root, abs))) };
    });
  },
};

function resolveTs(base) {
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return base;
}

const tmp = mkdtempSync(join(tmpdir(), "loss-lens-corpus-"));
try {
  const bundle = join(tmp, "corpus.cjs");
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["test/unit/corpus.ts"],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "es2022",
    logLevel: "warning",
    loader: { ".wasm": "binary", ".gz": "binary" },
    plugins: engineRoot ? [otherEngine] : [],
  });
  const { runCorpus, formatReport, summarise, summaryLine, probeName } = createRequire(import.meta.url)(bundle);
  const { corpus, verdicts, engine } = await runCorpus(root);
  let report = formatReport(verdicts, corpus.torch);
  if (process.argv.includes("--ops")) report += "\n" + opsTable(probeName, engine);
  if (process.argv.includes("--update")) console.log(update(verdicts));
  if (outFile) {
    writeFileSync(outFile, report);
    console.log(summaryLine(summarise(verdicts)) + (engineRoot ? ` (evaluator of ${engineRoot})` : "") + ` -> ${outFile}`);
  } else process.stdout.write(report);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** The corpus's calls ranked by programs, each marked with what the evaluator says about the name today. */
function opsTable(probeName, engine) {
  const r = spawnSync(process.env.PYTHON ?? "python3", [join(root, "scripts", "corpus-ops.py"), "--json"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scripts/corpus-ops.py failed: ${r.stderr || r.error}`);
  const rows = JSON.parse(r.stdout);
  const lines = ["== calls in the corpus, by number of programs (python: = a language construct); '-' = the evaluator refuses the name today"];
  let unknown = 0;
  for (const { name, programs } of rows) {
    const why = probeName(name, engine);
    if (why) unknown++;
    lines.push(`${String(programs.length).padStart(4)} ${why ? "-" : " "} ${name}${why ? `   (${why})` : ""}`);
  }
  lines.push(`${unknown} of ${rows.length} names refused today`, "");
  return lines.join("\n");
}

/** Shrinks the known-wrong list and raises the floor to what the evaluator achieves now; says what changed. */
function update(verdicts) {
  if (engineRoot) throw new Error("--update measures this worktree's evaluator: drop --engine");
  const kwFile = join(root, "test", "corpus", "known-wrong.json");
  const floorFile = join(root, "test", "corpus", "floor.json");
  const kw = JSON.parse(readFileSync(kwFile, "utf8"));
  const floor = JSON.parse(readFileSync(floorFile, "utf8"));
  const byName = new Map(verdicts.map((v) => [v.name, v]));
  const fixed = Object.keys(kw.programs).filter((name) => byName.get(name)?.kind !== "wrong");
  for (const name of fixed) delete kw.programs[name];
  // The reasons of those still wrong say what is wrong today.
  let refreshed = 0;
  for (const name of Object.keys(kw.programs)) {
    const v = byName.get(name);
    const why = `${v.cause} | ${v.detail}`.slice(0, 400);
    if (kw.programs[name] === why) continue;
    kw.programs[name] = why;
    refreshed++;
  }
  const exact = verdicts.filter((v) => v.kind === "exact").length;
  const raised = exact > floor.exact;
  if (fixed.length || refreshed) writeFileSync(kwFile, JSON.stringify(kw, null, 2) + "\n");
  if (raised) writeFileSync(floorFile, JSON.stringify({ exact }) + "\n");
  const newWrong = verdicts.filter((v) => v.kind === "wrong" && !(v.name in kw.programs)).map((v) => v.name);
  return [
    `known-wrong.json: ${fixed.length} removed (no longer wrong), ${Object.keys(kw.programs).length} left`,
    `floor.json: ${raised ? `raised to ${exact}` : `stays at ${floor.exact} (exact today: ${exact})`}`,
    ...(newWrong.length ? [`NEW wrong programs (fix them; the test fails): ${newWrong.join(", ")}`] : []),
  ].join("\n");
}
