// The narrow integer dtypes (int32, int16, int8, uint8): what the evaluator cannot do exactly is refused by name,
// never computed as if it were int64.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { evaluate } from "../../engine/python";

const enginePromise = createEngine();
const run = async (src: string) => evaluate(src, await enginePromise);

test("Tensor.int() is refused by name, not computed as int64", async () => {
  const out = await run("import torch\nx = torch.tensor([1, 2, 3]).int()\nprint(x)\nprint('after')\n");
  assert.equal(out.stdout, "after\n");
  const w = out.diagnostics.find((d) => d.severity === "warning")!;
  assert.equal(w.message, "not supported by Loss Lens: Tensor.int() (int32 tensors)");
});
