// The classification / structured losses against PyTorch 1.13 and 2.13 (fixtures from scripts/fixtures/losses_structured.py,
// written to three files by loss family).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { assertTensorClose, decodeTensor, loadFixtures, runFixtureFile, toCall, type JsonTensor } from "./fixtures";

for (const suffix of ["", "-2.13"]) {
  runFixtureFile(`losses-structured${suffix}.json`);
  runFixtureFile(`losses-cross-entropy${suffix}.json`);
  runFixtureFile(`losses-embedding${suffix}.json`);
}

// CTC: PyTorch's gradient w.r.t. log_probs is the true one plus exp(log_probs) (environment.md); the engine
// returns that same value. Chained through log_softmax's backward it must give PyTorch's gradient w.r.t. the logits.
interface CtcCase {
  id: string;
  expect?: unknown;
  logits?: JsonTensor;
  logitsGrad?: JsonTensor;
}
const ctcCases = loadFixtures("losses-structured.json").filter((c) => (c as CtcCase).logits && c.expect);
const engine = createEngine({ pytorch: "1.13" });
for (const c of ctcCases) {
  test(`CTC gradient w.r.t. the logits ${c.id}`, async () => {
    const r = (await engine).compute(toCall(c));
    const g = r.grads[0];
    assert.ok(g, "gradient w.r.t. log_probs");
    const lp = decodeTensor(c.inputs[0]);
    const C = lp.shape[lp.shape.length - 1];
    const out = g.dtype === "float32" ? new Float32Array(g.data.length) : new Float64Array(g.data.length);
    // log_softmax backward: dx = dy - softmax · Σ dy, with softmax = exp(log_probs) (computed in the dtype).
    for (let row = 0; row < g.data.length / C; row++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += g.data[row * C + k];
      if (g.dtype === "float32") s = Math.fround(s);
      for (let k = 0; k < C; k++) out[row * C + k] = g.data[row * C + k] - Math.exp(lp.data[row * C + k]) * s;
    }
    assertTensorClose({ dtype: g.dtype, shape: g.shape, data: out }, (c as CtcCase).logitsGrad!, "logits grad");
  });
}
