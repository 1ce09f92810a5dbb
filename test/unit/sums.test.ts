// torch.sum / torch.mean bit for bit (fixtures from scripts/fixtures/sums.py): the loss engine's wasm sum
// (engine/kernels/reduce.ts) on whole tensors, and the evaluator's sum/mean (engine/api/atensum.ts) on
// whole tensors and along one dim. Exact equality: these are the digits loss.item() prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFixtures } from "./fixtures";
import { loadKernels } from "../../engine/api/wasm";
import { fromArray, mean, sum } from "../../engine/python/tensor";

interface SumCase {
  dtype: "float32" | "float64";
  n: number;
  scale: number;
  shape: number[];
  dim: number | null;
  sum: number[];
  mean: number[];
}

const cases = loadFixtures("sums.json") as unknown as SumCase[];

/** The generator's data formula, rounded to the dtype as torch.tensor(list, dtype) does. */
function data(c: SumCase): Float32Array | Float64Array {
  const a = c.dtype === "float32" ? new Float32Array(c.n) : new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) a[i] = (((i * 7919) % 1000) - 500) / 37.0 * c.scale + (i % 7) * 1e-3;
  return a;
}

function bits(v: number, dtype: SumCase["dtype"]): number {
  return dtype === "float32" ? Math.fround(v) : v;
}

function label(c: SumCase): string {
  return `${c.dtype} [${c.shape.join(", ")}]${c.dim === null ? "" : ` dim=${c.dim}`}`;
}

test("the fixture covers every layout", () => {
  assert.ok(cases.some((c) => c.dim === null && c.n > 1_000_000), "a whole sum with cascade levels");
  assert.ok(cases.some((c) => c.dim !== null && c.shape[c.dim + 1] !== undefined && c.shape.slice(c.dim + 1).reduce((a, b) => a * b) >= 32), "an outer sum over 4 vectors of columns");
});

test("wasm sum_f32 / sum_f64 = torch.sum of a whole tensor; mean = sum / n in the dtype", async () => {
  const k = await loadKernels();
  const { memory, heap_base } = k.exports;
  const base = heap_base();
  for (const c of cases.filter((x) => x.dim === null)) {
    const a = data(c);
    const need = base + a.byteLength;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    new Uint8Array(memory.buffer, base, a.byteLength).set(new Uint8Array(a.buffer));
    const s = k[c.dtype === "float32" ? "float32" : "float64"].sum(base, c.n);
    assert.equal(s, bits(c.sum[0], c.dtype), `sum ${label(c)}`);
    const m = c.dtype === "float32" ? Math.fround(s / c.n) : s / c.n;
    assert.equal(m, bits(c.mean[0], c.dtype), `mean ${label(c)}`);
  }
});

test("evaluator sum / mean = torch's, whole and along a dim", () => {
  for (const c of cases.filter((x) => x.n < 200_000)) {
    const t = fromArray(c.dtype, c.shape, data(c));
    const got = { sum: sum(t, c.dim), mean: mean(t, c.dim) };
    for (const what of ["sum", "mean"] as const) {
      const want = c[what].map((v) => bits(v, c.dtype));
      assert.deepEqual(Array.from(got[what].data), want, `${what} ${label(c)}`);
    }
  }
});
