// The loss doctor measured on its corpus, through `loss-lens check --json` as CI runs it: real buggy files and
// snippets from public threads and issues (test/lint-corpus/buggy, each line annotated `# expect: rule`) must get
// every expected finding with its rule on its line (±1); real correct training files from public repositories
// (test/lint-corpus/correct) must get none. test/lint-corpus/missed holds real bugs the analysis cannot see yet:
// they count in the printed recall, and are not asserted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");
const corpus = join(root, "test", "lint-corpus");
const EXPECT = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/;

interface Diagnostic {
  file: string;
  line: number;
  rule: string;
  severity: string;
  cell?: number;
}
interface Expected {
  file: string;
  line: number;
  rule: string;
  cell?: number;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith(".py") || p.endsWith(".ipynb") ? [p] : [];
  });
}

/** `# expect:` annotations: per line of a .py, per cell line of a notebook. */
function expectations(file: string): Expected[] {
  const text = readFileSync(file, "utf8");
  const out: Expected[] = [];
  const scan = (src: string, cell?: number) =>
    src.split("\n").forEach((l, i) => {
      const m = EXPECT.exec(l);
      if (m) for (const rule of m[1].split(",")) out.push({ file, line: i + 1, rule: rule.trim(), cell });
    });
  if (file.endsWith(".ipynb")) {
    const nb = JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] };
    nb.cells.forEach((c, i) => {
      if (c.cell_type === "code") scan(Array.isArray(c.source) ? c.source.join("") : c.source, i);
    });
  } else scan(text);
  return out;
}

function check(dir: string): { code: number | null; diagnostics: Diagnostic[] } {
  const r = spawnSync(process.execPath, [cli, "check", "--json", dir], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  assert.equal(r.stderr, "", "check writes nothing on stderr");
  return { code: r.status, diagnostics: (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics };
}

function matched(e: Expected, found: Diagnostic[]): boolean {
  return found.some((d) => d.file === e.file && d.rule === e.rule && Math.abs(d.line - e.line) <= 1 && d.cell === e.cell);
}

const report: string[] = [];

test("buggy corpus: every expected finding, with its rule, on its line (±1)", () => {
  const dir = join(corpus, "buggy");
  const expected = files(dir).flatMap(expectations);
  assert.ok(expected.length >= 30, `the buggy corpus has ${expected.length} expected findings`);
  const { code, diagnostics } = check(dir);
  assert.equal(code, 1, "warnings make check exit 1");
  const missing = expected.filter((e) => !matched(e, diagnostics));
  const unexpected = diagnostics.filter((d) => !expected.some((e) => e.file === d.file && e.rule === d.rule && Math.abs(d.line - e.line) <= 1 && d.cell === e.cell));
  report.push(`buggy: ${expected.length - missing.length}/${expected.length} expected findings reported, ${unexpected.length} findings not annotated`);
  assert.deepEqual(missing.map((e) => `${relative(root, e.file)}:${e.line} ${e.rule}`), []);
  assert.deepEqual(unexpected.map((d) => `${relative(root, d.file)}:${d.line} ${d.rule}`), []);
});

test("correct corpus: at least 300 real training files, and no finding at all", () => {
  const dir = join(corpus, "correct");
  const all = files(dir);
  assert.ok(all.length >= 300, `${all.length} correct files`);
  const bytes = all.reduce((n, f) => n + statSync(f).size, 0);
  const { code, diagnostics } = check(dir);
  report.push(`correct: ${all.length} files (${(bytes / 1e6).toFixed(1)} MB), ${diagnostics.length} false positives`);
  assert.deepEqual(diagnostics.map((d) => `${relative(root, d.file)}:${d.line} ${d.rule}`), []);
  assert.equal(code, 0);
});

test("recall over buggy + known misses (printed)", () => {
  const buggy = files(join(corpus, "buggy")).flatMap(expectations);
  const missed = files(join(corpus, "missed")).flatMap(expectations);
  const found = check(join(corpus, "missed")).diagnostics;
  const caught = missed.filter((e) => matched(e, found)).length;
  const recall = (buggy.length + caught) / (buggy.length + missed.length);
  report.push(`recall with the known misses: ${buggy.length + caught}/${buggy.length + missed.length} = ${(100 * recall).toFixed(1)} %`);
  console.log(`loss doctor corpus: ${report.join("; ")}`);
  assert.ok(missed.length > 0);
});
