// Engine.tensor (inputs written into wasm memory once) and outputs: "view": the same bits as copies in and out,
// inputs never written, views re-made after memory growth, released memory reused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import type { LossCall, Tensor } from "../../engine/api/types";

const n = 1000;
const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
const ys = Float32Array.from({ length: n }, (_, i) => (Math.cos(i) > 0 ? 1 : 0));
const host = (d: Float32Array): Tensor => ({ dtype: "float32", shape: [d.length], data: d });

function same(a: Tensor | null, b: Tensor | null, what: string): void {
  if (a === null && b === null) return;
  assert.ok(a && b, what);
  assert.deepEqual(a.shape, b.shape, what);
  assert.deepEqual(Array.from(a.data), Array.from(b.data), what);
}

for (const loss of ["MSELoss", "BCEWithLogitsLoss", "HuberLoss", "SoftMarginLoss"]) {
  test(`${loss}: pinned inputs and view outputs give the copies' bits`, async () => {
    const engine = await createEngine();
    const y = loss === "SoftMarginLoss" ? ys.map((v) => 2 * v - 1) : ys;
    for (const reduction of ["mean", "none"]) {
      const base: LossCall = { loss, inputs: [host(xs), host(y)], options: { reduction } };
      const want = engine.compute(base);
      const px = engine.tensor("float32", [n], xs);
      const py = engine.tensor("float32", [n], y);
      const got = engine.compute({ ...base, inputs: [px, py], outputs: "view" });
      same(got.value, want.value, "value");
      same(got.perElement, want.perElement, "perElement");
      same(got.grads[0], want.grads[0], "grad input");
      same(got.grads[1], want.grads[1], "grad target");
      assert.equal(got.perElement.data.buffer === px.data.buffer, true, "perElement is a view into engine memory");
      assert.deepEqual(Array.from(px.data), Array.from(xs), "the input is unchanged");
      engine.release(py);
      engine.release(px);
    }
  });
}

test("a pinned tensor survives memory growth and later calls; released memory is reused", async () => {
  const engine = await createEngine();
  const a = engine.tensor("float32", [3], [1, 2, 3]);
  const b = engine.tensor("float32", [3], [0, 0, 0]);
  const big = 2_000_000; // grows memory: every earlier view is detached
  const r = engine.compute({ loss: "L1Loss", inputs: [host(new Float32Array(big)), host(new Float32Array(big).fill(1))] });
  assert.equal(r.value.data[0], 1);
  assert.deepEqual(Array.from(a.data), [1, 2, 3]);
  const s = engine.compute({ loss: "MSELoss", inputs: [a, b], options: { reduction: "sum" } });
  assert.equal(s.value.data[0], 14);
  const ptr = (t: Tensor) => t.data.byteOffset;
  const at = ptr(b);
  engine.release(b);
  const c = engine.tensor("float32", [3]);
  assert.equal(ptr(c), at, "the top block's memory is reused");
  assert.deepEqual(Array.from(c.data), [0, 0, 0]);
  engine.release(a); // not the top: kept until c goes
  const d = engine.tensor("float64", [2], [5, 6]);
  assert.ok(ptr(d) > ptr(c));
  assert.deepEqual(Array.from(a.data), [1, 2, 3]);
});

test("structured losses read pinned inputs in place", async () => {
  const engine = await createEngine();
  const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
  const t: Tensor = { dtype: "int64", shape: [4], data: Float64Array.from([0, 3, 9, 2]) };
  const want = engine.compute({ loss: "CrossEntropyLoss", inputs: [{ dtype: "float32", shape: [4, 10], data: x }, t] });
  const px = engine.tensor("float32", [4, 10], x);
  const got = engine.compute({ loss: "CrossEntropyLoss", inputs: [px, t], outputs: "view" });
  same(got.value, want.value, "value");
  same(got.grads[0], want.grads[0], "grad");
  assert.deepEqual(Array.from(px.data), Array.from(x));
});

test("a pinned tensor in another dtype than the loss computes in, and a reshaped one (GaussianNLL's var), across memory growth", async () => {
  const engine = await createEngine();
  const m = 300_000;
  const x = Float64Array.from({ length: m }, (_, i) => Math.sin(i));
  const y = Float32Array.from({ length: m }, (_, i) => Math.cos(i));
  const want = engine.compute({ loss: "L1Loss", inputs: [{ dtype: "float64", shape: [m], data: x }, host(y)] });
  const fresh = await createEngine(); // small memory: the float64 copy of y grows it while y is read
  const py = fresh.tensor("float32", [m], y);
  const got = fresh.compute({ loss: "L1Loss", inputs: [{ dtype: "float64", shape: [m], data: x }, py] });
  same(got.value, want.value, "value");
  const v = Float32Array.from({ length: 4 }, (_, i) => 0.5 + i);
  const f = (shape: number[], data: Float32Array): Tensor => ({ dtype: "float32", shape, data });
  const inputs = [f([4, 2], new Float32Array(8).fill(1)), f([4, 2], new Float32Array(8))];
  const g1 = engine.compute({ loss: "GaussianNLLLoss", inputs: [...inputs, f([4], v)] });
  const pv = engine.tensor("float32", [4], v);
  const g2 = engine.compute({ loss: "GaussianNLLLoss", inputs: [...inputs, pv] });
  same(g2.grads[2], g1.grads[2], "GaussianNLL var gradient");
  same(g2.value, g1.value, "GaussianNLL value");
});

test("pinned int64 class-index targets are read in place, still bounds-checked, never written", async () => {
  const engine = await createEngine();
  const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
  const targets = [0, 3, 9, 2];
  for (const [loss, options] of [["CrossEntropyLoss", {}], ["NLLLoss", { ignore_index: 3 }], ["MultiMarginLoss", {}]] as const) {
    const t: Tensor = { dtype: "int64", shape: [4], data: Float64Array.from(targets) };
    const want = engine.compute({ loss, inputs: [{ dtype: "float32", shape: [4, 10], data: x }, t], options });
    const px = engine.tensor("float32", [4, 10], x);
    const pt = engine.tensor("int64", [4], targets);
    assert.equal(pt.dtype, "int64");
    assert.equal(pt.data.buffer, px.data.buffer, "the targets live in engine memory");
    const got = engine.compute({ loss, inputs: [px, pt], options, outputs: "view" });
    same(got.value, want.value, `${loss} value`);
    same(got.perElement, want.perElement, `${loss} perElement`);
    same(got.grads[0], want.grads[0], `${loss} grad`);
    assert.deepEqual(Array.from(pt.data), targets, "the targets are unchanged");
    engine.release(pt);
    engine.release(px);
  }
  const bad = engine.tensor("int64", [2], [1, 10]);
  assert.throws(
    () => engine.compute({ loss: "NLLLoss", inputs: [{ dtype: "float32", shape: [2, 10], data: new Float32Array(20) }, bad] }),
    /Target 10 is out of bounds\./,
  );
  engine.release(bad);
});
