// Every seed example and demo file gives what real PyTorch 1.13 printed (test/fixtures/seeds.json, written by
// scripts/fixtures/seeds.py): the same stdout, or PyTorch's error on the same line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";

interface Fixture {
  name: string;
  source: string;
  stdout: string;
  error: { type: string; message: string; line: number | null } | null;
  random: boolean;
  tensors: Record<string, { dtype: string; shape: number[]; data: (number | string)[] }>;
  grads: Record<string, { dtype: string; shape: number[]; data: (number | string)[] }>;
}

const fixtures: Fixture[] = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "seeds.json"), "utf8"));
const enginePromise = createEngine();

for (const fx of fixtures) {
  test(`seed example ${fx.name}`, async (t) => {
    const engine = await enginePromise;
    const out = evaluate(fx.source, engine);
    const missing = out.diagnostics.find((d) => /the engine does not compute it yet/.test(d.message));
    if (missing) {
      t.skip(`engine lacks a loss: ${missing.message}`);
      return;
    }
    if (fx.error) {
      assert.ok(out.stdout.startsWith(fx.stdout), `stdout before the error:\n${out.stdout}\n--- expected prefix ---\n${fx.stdout}`);
      const errors = out.diagnostics.filter((d) => d.severity === "error");
      assert.ok(
        errors.some((d) => d.line === fx.error!.line),
        `expected ${fx.error.type}: ${fx.error.message} on line ${fx.error.line}, got ${JSON.stringify(out.diagnostics)}`,
      );
      if (fx.error.type !== "SyntaxError") {
        const want = fx.error.message.trim();
        assert.ok(errors.some((d) => d.message.includes(want)), `expected message ${want}, got ${JSON.stringify(errors)}`);
      }
      return;
    }
    assert.equal(out.stdout, fx.stdout);
    assert.deepEqual(out.diagnostics.filter((d) => d.severity === "error"), []);
  });
}
