// erf: the engine's float32 erf is glibc's erff bit for bit (test/fixtures/glibc-erff.json,
// scripts/fixtures/glibc_erf.py); the evaluator's float64 erf (python/erf.ts) is within an ulp of the true value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { LossError } from "../../engine/api/types";
import { erf64 } from "../../engine/python/erf";

const fixture = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "glibc-erff.json"), "utf8")) as { inputs: string; erff: string };
const f32 = (b64: string) => new Float32Array(Uint8Array.from(Buffer.from(b64, "base64")).buffer);

test("Engine.elementwise erf: glibc's erff on every input, whatever the vector count and version", async () => {
  const xs = f32(fixture.inputs);
  const want = f32(fixture.erff);
  for (const pytorch of ["1.13", "2.13"] as const) {
    const engine = await createEngine({ pytorch });
    for (const vector of [undefined, 0, xs.length]) {
      const got = engine.elementwise("erf", xs, vector);
      const bad = [...want.keys()].filter((i) => !Object.is(got[i], want[i]) && !(Number.isNaN(got[i]) && Number.isNaN(want[i])));
      assert.deepEqual(bad.slice(0, 5).map((i) => [xs[i], got[i], want[i]]), [], `${pytorch}, vector ${vector}: ${bad.length} of ${xs.length} differ from libm's erff`);
    }
  }
});

test("Engine.elementwise erf refuses float64 (the evaluator computes it)", async () => {
  const engine = await createEngine();
  assert.throws(() => engine.elementwise("erf", new Float64Array([0.5])), (e: unknown) => e instanceof LossError && e.kind === "TypeError");
});

test("erf64: odd, saturating, and within an ulp of erf's series and asymptotic values", () => {
  assert.equal(erf64(0), 0);
  assert.ok(Object.is(erf64(-0), -0));
  assert.equal(erf64(Infinity), 1);
  assert.equal(erf64(-Infinity), -1);
  assert.ok(Number.isNaN(erf64(NaN)));
  assert.equal(erf64(7), 1);
  for (const x of [1e-300, 3e-9, 0.1, 0.5, 0.84, 1, 1.2, 2, 2.9, 4, 5.5]) assert.equal(erf64(-x), -erf64(x));
  // Reference values (Abramowitz and Stegun, table 7.1, and the series erf(x) ~ 2x / sqrt(pi) for tiny x).
  const ref: [number, number][] = [
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
    [1e-10, 1.1283791670955126e-10],
  ];
  for (const [x, want] of ref) {
    const got = erf64(x);
    assert.ok(Math.abs(got - want) <= Math.abs(want) * 2 ** -52, `erf64(${x}) = ${got}, want ${want}`);
  }
});
