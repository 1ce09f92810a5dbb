// The runnable example snippets are meant to be computed as they are: the evaluator (the CLI, the same as
// the compute command) must print what PyTorch printed for each (test/fixtures/snippet-examples.json).
// -0.0 and 0.0 compare equal (environment.md: PyTorch's signed zeros are not part of the contract).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fixture from "../fixtures/snippet-examples.json";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");
const unsignZero = (s: string) => s.replace(/-(0\.0*)(?!\d*[1-9])/g, " $1").replace(/ +/g, " ");

test("the CLI prints what PyTorch printed for every runnable example snippet", () => {
  assert.ok(existsSync(cli), "dist/cli.js is built (node scripts/build.mjs)");
  const dir = mkdtempSync(join(tmpdir(), "loss-lens-examples-"));
  try {
    for (const [name, e] of Object.entries(fixture.examples as Record<string, { source: string; stdout: string }>)) {
      const file = join(dir, `${name.replace(/\W+/g, "_")}.py`);
      writeFileSync(file, e.source);
      const run = spawnSync(process.execPath, [cli, "run", file, "--pytorch", "1.13"], { encoding: "utf8", timeout: 30_000 });
      assert.equal(run.status, 0, `${name}: ${run.stderr}`);
      assert.equal(unsignZero(run.stdout), unsignZero(e.stdout), name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
