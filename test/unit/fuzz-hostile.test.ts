// The robustness fuzz in npm test (seeded, a few seconds): mutated demo programs with the hostile statements of
// issues #16 and #18 spliced in, under a small budget. Properties: evaluate() never throws, ends within its
// budget (a generous wall-clock bound, not a speed goal), every diagnostic is located in the program and none is
// an internal error. scripts/fuzz.mjs runs the same generator for minutes with the default budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";
import { HOSTILE, mulberry32, mutate } from "./fuzzgen";

const root = join(__dirname, "..", "..", "..");
const demos = readdirSync(join(root, "demo"))
  .filter((f) => f.endsWith(".py"))
  .map((f) => "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n" + readFileSync(join(root, "demo", f), "utf8"));
const LIMITS = { maxWork: 1_000_000, maxMemoryMB: 64, maxElements: 1_000_000 };

test("fuzz: 120 mutated demo programs with hostile statements end located, within budget, without internal errors", async () => {
  const engine = await createEngine();
  const rand = mulberry32(0x16_18);
  const programs = [...demos, ...HOSTILE];
  let worst = 0;
  for (let i = 0; i < 120; i++) {
    const src = mutate(rand, programs);
    const t = performance.now();
    let out;
    try {
      out = evaluate(src, engine, LIMITS);
    } catch (e) {
      assert.fail(`#${i}: evaluate threw ${(e as Error)?.message}\n${src.slice(0, 400)}`);
    }
    const ms = performance.now() - t;
    worst = Math.max(worst, ms);
    assert.ok(ms < 10_000, `#${i}: ${ms.toFixed(0)} ms\n${src.slice(0, 400)}`);
    const lines = src.split("\n").length;
    for (const d of out.diagnostics) {
      assert.ok(d.line >= 1 && d.line <= lines && d.column >= 1 && d.endLine >= d.line, `#${i}: unlocated ${JSON.stringify(d)}\n${src.slice(0, 400)}`);
      assert.doesNotMatch(d.message, /internal error|native code|\[object/, `#${i}: ${d.message}\n${src.slice(0, 400)}`);
    }
  }
  console.log(`# worst evaluation: ${worst.toFixed(0)} ms`);
});
