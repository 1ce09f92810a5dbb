// lgamma, digamma and trigamma: the evaluator's ports (engine/python/special/) give PyTorch's bits on every input of
// test/fixtures/gamma.json and gamma-2.13.json (scripts/fixtures/gamma.py: specials, range edges, the poles'
// neighbours, samples and random bit patterns); float64 digamma / trigamma (JS's libm for glibc's) stay within a few
// ulps of PyTorch's values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lgamma, lgammaf } from "../../engine/python/special/lgamma";
import { digamma, digammaf, trigamma, trigammaf } from "../../engine/python/special/digamma";

interface Fixture {
  torch: string;
  f32: { inputs: string; lgamma: string; digamma: string; trigamma: string };
  f64: { inputs: string; lgamma: string };
}
const load = (file: string): Fixture => JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", file), "utf8"));
const bytes = (b64: string) => Uint8Array.from(Buffer.from(b64, "base64")).buffer;
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function mismatches(xs: Float32Array | Float64Array, want: Float32Array | Float64Array, f: (x: number) => number): number[][] {
  const bad: number[][] = [];
  xs.forEach((x, i) => {
    if (!same(f(x), want[i])) bad.push([x, f(x), want[i]]);
  });
  return bad;
}

for (const file of ["gamma.json", "gamma-2.13.json"]) {
  const fx = load(file);
  test(`float32 lgamma / digamma / polygamma(1, .) are PyTorch ${fx.torch}'s on every input`, () => {
    const xs = new Float32Array(bytes(fx.f32.inputs));
    for (const [name, f] of [["lgamma", lgammaf], ["digamma", digammaf], ["trigamma", trigammaf]] as const) {
      const bad = mismatches(xs, new Float32Array(bytes(fx.f32[name])), f);
      assert.deepEqual(bad.slice(0, 5), [], `${name}: ${bad.length} of ${xs.length} differ`);
    }
  });
  test(`float64 lgamma is PyTorch ${fx.torch}'s on every input`, () => {
    const xs = new Float64Array(bytes(fx.f64.inputs));
    const bad = mismatches(xs, new Float64Array(bytes(fx.f64.lgamma)), lgamma);
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${xs.length} differ`);
  });
}

test("float64 digamma / trigamma: their poles, reflection and known values", () => {
  assert.equal(digamma(0), -Infinity);
  assert.equal(digamma(-0), Infinity);
  assert.ok(Number.isNaN(digamma(-3)));
  // PyTorch 1.13's values (ATen's series: trigamma(1) is pi^2 / 6 + 8e-10).
  const close = (a: number, b: number) => Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(1, Math.abs(b));
  assert.ok(close(digamma(1), -0.5772156649015328), String(digamma(1)));
  assert.ok(close(digamma(0.5), -1.9635100260214229), String(digamma(0.5)));
  assert.ok(close(trigamma(1), 1.6449340676383375), String(trigamma(1)));
  assert.ok(close(trigamma(0.5), 4.934802202073678), String(trigamma(0.5)));
  // Reflection: psi(1 - x) - psi(x) = pi / tan(pi x).
  for (const x of [-2.5, -0.3, -7.25]) assert.ok(close(digamma(1 - x) - digamma(x), Math.PI / Math.tan(Math.PI * x)), String(x));
});
