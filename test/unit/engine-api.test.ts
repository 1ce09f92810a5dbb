// The engine's TypeScript side: memory growth across calls, option checking, upstream gradients, dispatch errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { LossError, type Tensor } from "../../engine/api/types";

const f32 = (shape: number[], values: number[]): Tensor => ({ dtype: "float32", shape, data: Float32Array.from(values) });

test("a large call grows wasm memory, later small calls still read fresh views", async () => {
  const engine = await createEngine();
  const n = 3_000_000; // 3 x 12 MB inputs, outputs and gradients: several memory.grow calls
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  let ref = 0;
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin(i);
    y[i] = Math.cos(i * 0.5);
    const d = Math.fround(x[i] - y[i]);
    ref += d * d;
  }
  const big = engine.compute({ loss: "MSELoss", inputs: [{ dtype: "float32", shape: [n], data: x }, { dtype: "float32", shape: [n], data: y }] });
  assert.ok(Math.abs(big.value.data[0] - ref / n) <= 1e-5 * (ref / n), `mean ${big.value.data[0]} vs ${ref / n}`);
  assert.equal(big.grads[0]?.data.length, n);
  const small = engine.compute({ loss: "L1Loss", inputs: [f32([3], [1, 2, 3]), f32([3], [1, 1, 1])], options: { reduction: "sum" } });
  assert.equal(small.value.data[0], 3);
  // The big result was copied out: still intact after the arena was reused.
  assert.equal(big.perElement.data.length, n);
  assert.equal(big.perElement.data[1], Math.fround(Math.fround(x[1] - y[1]) ** 2));
});

test("an upstream gradient multiplies the per-element gradient (reduction='none')", async () => {
  const engine = await createEngine();
  const x = f32([2, 2], [1, 2, 3, 4]);
  const y = f32([2, 2], [0, 0, 0, 0]);
  const plain = engine.compute({ loss: "MSELoss", inputs: [x, y], options: { reduction: "none" } });
  const up = f32([2, 2], [1, -1, 0.5, 2]);
  const scaled = engine.compute({ loss: "MSELoss", inputs: [x, y], options: { reduction: "none" }, upstream: up });
  for (let i = 0; i < 4; i++) assert.equal(scaled.grads[0]!.data[i], plain.grads[0]!.data[i] * up.data[i]);
});

test("unknown options and losses are typed errors, never crashes", async () => {
  const engine = await createEngine();
  const inputs = [f32([1], [1]), f32([1], [2])];
  assert.throws(() => engine.compute({ loss: "MSELoss", inputs, options: { delta: 1 } }), (e: unknown) => {
    assert.ok(e instanceof LossError);
    assert.equal(e.kind, "TypeError");
    assert.equal(e.message, "MSELoss.__init__() got an unexpected keyword argument 'delta'");
    return true;
  });
  assert.throws(() => engine.compute({ loss: "NoSuchLoss", inputs }), LossError);
  assert.throws(() => engine.compute({ loss: "MSELoss", inputs: [inputs[0]] }), LossError);
});

test("a tensor whose data does not fill its shape is refused with a message", async () => {
  const engine = await createEngine();
  assert.throws(() => engine.compute({ loss: "MSELoss", inputs: [f32([2, 2], [1, 2, 3]), f32([3], [1, 2, 3])] }), /shape \[2, 2\] needs 4 values, the tensor holds 3/);
});

test("requiresGrad selects the gradients returned", async () => {
  const engine = await createEngine();
  const r = engine.compute({ loss: "HuberLoss", inputs: [f32([2], [0, 3]), f32([2], [1, 1])], requiresGrad: [false, true] });
  assert.equal(r.grads[0], null);
  assert.deepEqual([...r.grads[1]!.data], [0.5, -0.5]);
});
