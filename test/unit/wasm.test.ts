import { test } from "node:test";
import assert from "node:assert/strict";
import { loadKernels } from "../../engine/api/wasm";

test("the SIMD module loads with no imports and computes a sum of squares", async () => {
  const k = (await loadKernels()).exports;
  const n = 7;
  const base = (k.heap_base() + 15) & ~15;
  if (k.memory.buffer.byteLength < base + 192) k.memory.grow(1);
  const a = new Float32Array(k.memory.buffer, base, n);
  const b = new Float32Array(k.memory.buffer, base + 64, n);
  for (let i = 0; i < n; i++) {
    a[i] = i;
    b[i] = 2 * i;
  }
  // per-element (x - y)^2 into out (no gradients), then torch.sum's kernel: sum of i^2 for i < 7 = 91
  const out = base + 128;
  k.mse_f32(base, base + 64, n, out, 0, 0, 0, 1, 1, 0, n);
  assert.equal(k.sum_f32(out, n), 91);
});
