// Recycled tensor storage (engine/python/tensor/core.ts): what is handed back is served again only at its length,
// zero-filled unless the caller overwrites it; the backward pass recycles only storage it made; and loops that make
// large tensors stay within a small memory budget with PyTorch's values (nothing recycled while still in use).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";
import { dropRecycled, recycle, storage, withStorageReuse } from "../../engine/python/tensor";

const enginePromise = createEngine({ pytorch: "1.13" });

test("recycled storage is served again at its length only, zero-filled unless overwritten", () => {
  dropRecycled();
  const a = storage("float32", 1000);
  a.fill(7);
  recycle(a);
  assert.notEqual(storage("float32", 999), a, "another length gets a fresh array");
  assert.notEqual(storage("float64", 1000), a, "another array type gets a fresh array");
  const b = storage("float32", 1000);
  assert.equal(b, a);
  assert.ok(b.every((v) => v === 0), "zero-filled");
  b.fill(3);
  recycle(b);
  const c = storage("float32", 1000, true);
  assert.equal(c, a);
  assert.equal(c[0], 3, "kept when the caller overwrites every element");
  dropRecycled();
  assert.notEqual(storage("float32", 1000), a, "dropped lists serve nothing");
});

test("withStorageReuse hands back only storage made inside it", () => {
  dropRecycled();
  const outside = storage("float32", 64);
  withStorageReuse((recycleInside) => {
    recycleInside(outside);
    assert.notEqual(storage("float32", 64), outside, "storage from before the scope is never recycled by it");
    const inside = storage("float32", 64);
    recycleInside(inside);
    assert.equal(storage("float32", 64), inside);
  });
  dropRecycled();
});

// The budget measures live memory after a collection when it can ask for one (budget.ts defaultMeasure): give it
// one, so the limit below is checked against what the program really holds, not garbage not yet collected.
setFlagsFromString("--expose-gc");
(globalThis as { gc?: () => void }).gc ??= runInNewContext("gc") as () => void;

async function run(src: string) {
  // 64 MB of live memory: far below what the loops make in all (10^4 x 3 x 400 KB = 12 GB), so their storage must
  // be reused or freed (the process's own heap and the engine's memory count too).
  const out = evaluate(src, await enginePromise, { maxMemoryMB: 64, maxWork: 1e12 });
  const problems = out.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.line}: ${d.message}`);
  return { stdout: out.stdout, problems };
}

test("a 10^4-pass loop over 1e5-element tensors stays within 64 MB, values exact", async () => {
  const src = [
    "import torch",
    "x = torch.arange(100000, dtype=torch.float32) / 1000",
    "for i in range(10000):",
    "    y = (x * 1.5 + 2.0) * 0.5 - x",
    "print(y[:3], y[-1].item(), y.sum().item())",
  ].join("\n");
  const { stdout, problems } = await run(src);
  assert.deepEqual(problems, []);
  // PyTorch 1.13 (/usr/bin/python3) running the same program.
  assert.equal(stdout, "tensor([1.0000, 0.9997, 0.9995]) -23.99974822998047 -1149987.5\n");
});

test("a loop of forward + backward (a built-in loss inside) over 1e5 elements stays within 64 MB, gradients exact", async () => {
  const src = [
    "import torch",
    "import torch.nn.functional as F",
    "w = (torch.arange(100000, dtype=torch.float32) / 50000).requires_grad_()",
    "t = torch.ones(100000)",
    "for i in range(300):",
    "    w.grad = None",
    "    loss = ((w * 2 - t) ** 2 * (t + 1)).mean() + F.mse_loss(w, t)",
    "    loss.backward()",
    "print(loss.item(), w.grad[:3], w.grad[-1].item(), w.grad.sum().item())",
  ].join("\n");
  const { stdout, problems } = await run(src);
  assert.deepEqual(problems, []);
  assert.equal(stdout, EXPECTED_GRAD_LOOP);
});

// From PyTorch 1.13 (/usr/bin/python3) running the program above.
const EXPECTED_GRAD_LOOP = "4.99992036819458 tensor([-1.0000e-04, -9.9996e-05, -9.9993e-05]) 0.0002599963918328285 7.999819755554199\n";
