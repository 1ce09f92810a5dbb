import { test } from "node:test";
import assert from "node:assert/strict";
import { loadKernels } from "../../engine/api/wasm";

test("the SIMD module loads with no imports and computes a sum of squares", async () => {
  const k = await loadKernels();
  const n = 7;
  if (k.memory.buffer.byteLength < 128) k.memory.grow(1);
  const a = new Float32Array(k.memory.buffer, 0, n);
  const b = new Float32Array(k.memory.buffer, 64, n);
  for (let i = 0; i < n; i++) {
    a[i] = i;
    b[i] = 2 * i;
  }
  // sum of i^2 for i < 7 = 91
  assert.equal(k.mse_sum_f32(0, 64, n), 91);
});
