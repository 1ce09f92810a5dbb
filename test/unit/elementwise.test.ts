// Engine.elementwise (the evaluator's exp / log / log1p / sigmoid) against PyTorch and libm, bit for bit
// (test/fixtures/aten-math.json, 1.13; aten-math-2.13.json, 2.13): by default every element of exp / log / log1p
// takes ATen's vector path (Sleef), with vector = 0 every element the scalar one (glibc); sigmoid's split is ATen's
// cpu_kernel_vec rule. 2.13's torch.exp / torch.log run Intel MKL (the fixture's vector column), not Sleef: there
// only log1p's vector path (the wheel's newer Sleef) and the scalar path are held to the bits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import type { ElementwiseOp, PyTorchVersion } from "../../engine/api/types";

interface FunctionCase {
  fn: ElementwiseOp;
  dtype: "float32" | "float64";
  inputs: string;
  vector: string;
  scalar: string;
}

const load = (file: string): { functions: FunctionCase[] } => JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", file), "utf8"));

function decode(b64: string, dtype: string): Float32Array | Float64Array {
  const bytes = Uint8Array.from(Buffer.from(b64, "base64"));
  return dtype === "float32" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
}

/** Indices whose bits differ (NaN equals NaN). */
function mismatches(got: Float32Array | Float64Array, want: Float32Array | Float64Array): number[] {
  const bad: number[] = [];
  for (let i = 0; i < want.length; i++) {
    if (Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))) continue;
    bad.push(i);
  }
  return bad;
}

for (const { pytorch, file } of [
  { pytorch: "1.13" as PyTorchVersion, file: "aten-math.json" },
  { pytorch: "2.13" as PyTorchVersion, file: "aten-math-2.13.json" },
]) {
  const enginePromise = createEngine({ pytorch });
  for (const c of load(file).functions) {
    const sleef = pytorch === "1.13" || c.fn === "log1p" || c.fn === "sigmoid";
    test(`elementwise ${pytorch} ${c.fn} ${c.dtype}: Sleef by default, glibc with vector = 0, bit for bit`, async () => {
      const engine = await enginePromise;
      const xs = decode(c.inputs, c.dtype);
      if (sleef) {
        const vec = mismatches(engine.elementwise(c.fn, xs), decode(c.vector, c.dtype));
        assert.deepEqual(vec.slice(0, 5), [], `${vec.length} of ${xs.length} differ from torch.${c.fn}`);
      }
      const sca = mismatches(engine.elementwise(c.fn, xs, 0), decode(c.scalar, c.dtype));
      assert.deepEqual(sca.slice(0, 5), [], `${sca.length} of ${xs.length} differ from libm`);
      if (!sleef) return;
      // A mixed split: the first half vector, the rest scalar.
      const h = xs.length >> 1;
      const mixed = engine.elementwise(c.fn, xs, h);
      const want = decode(c.vector, c.dtype).slice(0, h);
      assert.deepEqual(mismatches(mixed.subarray(0, h), want), []);
      assert.deepEqual(mismatches(mixed.subarray(h), decode(c.scalar, c.dtype).subarray(h)), []);
      assert.equal(mixed.constructor, xs.constructor);
    });
  }
}
