// `node scripts/corpus-report.mjs [--out FILE]`: runs the real-code corpus (test/corpus) through the evaluator and
// prints every program that is not exact, grouped by cause (the refusal's message, or what is wrong), the groups
// ranked by count: the list of what to build next. Bundles test/unit/corpus.ts from source, so no build is needed.
import * as esbuild from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outIndex = process.argv.indexOf("--out");
const outFile = outIndex > 0 ? process.argv[outIndex + 1] : undefined;

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
  });
  const { runCorpus, formatReport, summarise, summaryLine } = createRequire(import.meta.url)(bundle);
  const { corpus, verdicts } = await runCorpus(root);
  const report = formatReport(verdicts, corpus.torch);
  if (outFile) {
    writeFileSync(outFile, report);
    console.log(summaryLine(summarise(verdicts)) + ` -> ${outFile}`);
  } else process.stdout.write(report);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
