// `loss-lens check` as a user runs it (dist/cli.js in a child process): linter-style text, the JSON contract,
// exit statuses (1 on warnings, 0 when only information, 2 on unreadable paths), folders and notebooks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "loss-lens-check-"));
const bad = join(dir, "train.py");
writeFileSync(bad, "import torch.nn.functional as F\nloss = F.cross_entropy(F.softmax(x, dim=1), y)\n");
const info = join(dir, "old.py");
writeFileSync(info, "import torch.nn as nn\ncrit = nn.MSELoss(size_average=False)\n");
mkdirSync(join(dir, "nb"));
const nb = join(dir, "nb", "a.ipynb");
writeFileSync(nb, JSON.stringify({ cells: [{ cell_type: "markdown", source: "x" }, { cell_type: "code", source: "import torch.nn as nn\nkl = nn.KLDivLoss()" }] }));
mkdirSync(join(dir, "node_modules"));
writeFileSync(join(dir, "node_modules", "skip.py"), "import torch.nn as nn\nkl = nn.KLDivLoss()\n");
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("text mode: file:line:col: severity rule: message, exit 1 on a warning", () => {
  const r = run(["check", bad]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^.*train\.py:2:24: warning softmax-before-cross-entropy: CrossEntropyLoss applies log_softmax itself/);
});

test("only information findings exit 0", () => {
  const r = run(["check", info]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /old\.py:2:19: information deprecated-reduction-args: /);
});

test("--json over a folder: the contract's fields, notebooks with their cell, skipped folders", () => {
  const r = run(["check", "--json", dir]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
  const byFile = Object.fromEntries(out.diagnostics.map((d) => [String(d.file).slice(dir.length + 1), d]));
  assert.deepEqual(Object.keys(byFile).sort(), ["nb/a.ipynb", "old.py", "train.py"]);
  assert.deepEqual(Object.keys(byFile["train.py"]).sort(), ["column", "endColumn", "endLine", "file", "line", "message", "rule", "severity"]);
  assert.deepEqual([byFile["train.py"].line, byFile["train.py"].column, byFile["train.py"].endLine, byFile["train.py"].endColumn], [2, 24, 2, 43]);
  assert.deepEqual([byFile["nb/a.ipynb"].cell, byFile["nb/a.ipynb"].line, byFile["nb/a.ipynb"].rule], [1, 2, "kldiv-mean-reduction"]);
});

test("an unreadable path is reported and exits 2; no path prints the usage", () => {
  const r = run(["check", join(dir, "missing.py")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read .*missing\.py: ENOENT/);
  const u = run(["check"]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /Usage: loss-lens check PATH\.\.\. \[--json\]/);
});

test("--pytorch: the rules whose facts differ between versions answer for that version (default the newest)", () => {
  const file = join(dir, "pm1.py");
  writeFileSync(file, "import torch\nimport torch.nn as nn\nloss = nn.BCELoss()(torch.rand(2), torch.tensor([1.0, -1.0]))\n");
  const messages = (args: string[]) => (JSON.parse(run(["check", "--json", ...args, file]).stdout) as { diagnostics: { rule: string; message: string }[] }).diagnostics.map((d) => `${d.rule}: ${d.message}`);
  const v2 = messages(["--pytorch", "2.13"]);
  assert.equal(v2.length, 1);
  assert.match(v2[0], /^bce-target-range: .*PyTorch 2\.13 raises `all elements of target should be between 0 and 1`/);
  assert.match(messages(["--pytorch=1.13"])[0], /^bce-target-range: .*PyTorch 1\.13 computes a number without a word/);
  assert.deepEqual(messages([]), v2);
  const r = run(["check", "--pytorch", "3.0", file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unsupported PyTorch version "3\.0"/);
});
