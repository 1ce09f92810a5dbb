// Real custom losses from public repositories (test/fixtures/user-losses/, sources in their headers), plotted
// as the playground plots them: every point of every sweep, at default and other slider values, must give
// PyTorch's loss and autograd gradient for that one sample (test/fixtures/user-losses.json, written by
// scripts/fixtures/user_losses.py). Also: which definitions a source offers, and when a sweep is batched.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../../engine/api/engine";
import { findUserLosses } from "../../engine/userloss/detect";
import { LossSession } from "../../engine/userloss/session";
import { sweep, type SweepSetup } from "../../engine/userloss/sweep";
import { paramValues } from "../../engine/userloss/params";

const fixtures = join(__dirname, "..", "..", "..", "test", "fixtures");
const corpus = (file: string) => readFileSync(join(fixtures, "user-losses", file), "utf8");

interface Sweep {
  file: string;
  name: string;
  kind: "function" | "class";
  setup: Partial<SweepSetup> & { mode: SweepSetup["mode"] };
  xs: number[];
  runs: { params: Record<string, number>; y: (number | string)[]; dy: (number | string)[] }[];
}
const data: { sweeps: Sweep[] } = JSON.parse(readFileSync(join(fixtures, "user-losses.json"), "utf8"));
// user-losses.json is PyTorch 1.13's (scripts/fixtures/user_losses.py under /usr/bin/python3).
const enginePromise = createEngine({ pytorch: "1.13" });
const num = (v: number | string) => (typeof v === "number" ? v : v === "NaN" ? NaN : v === "Infinity" ? Infinity : -Infinity);
const close = (got: number, want: number) =>
  (Number.isNaN(got) && Number.isNaN(want)) || got === want || Math.abs(got - want) <= 1e-5 * Math.abs(want) + 1e-6;

test("finds the user losses of each corpus program, with their numeric defaults as sliders", () => {
  const found = (file: string) => findUserLosses(corpus(file)).map((d) => ({ name: d.name, kind: d.kind, inputs: d.inputs, params: d.params }));
  assert.deepEqual(found("charbonnier.py"), [{ name: "charbonnier_loss", kind: "function", inputs: ["pred", "target"], params: [{ name: "eps", default: 1e-3, isInt: false }] }]);
  assert.deepEqual(found("sigmoid_focal.py"), [
    { name: "sigmoid_focal_loss", kind: "function", inputs: ["inputs", "targets"], params: [{ name: "alpha", default: -1, isInt: true }, { name: "gamma", default: 2, isInt: true }] },
  ]);
  assert.deepEqual(found("focal_ce.py"), [
    { name: "FocalLoss", kind: "class", inputs: ["inputs", "targets"], params: [{ name: "alpha", default: 1, isInt: true }, { name: "gamma", default: 2, isInt: true }] },
  ]);
  assert.deepEqual(found("label_smoothing.py"), [{ name: "LabelSmoothingCrossEntropyLoss", kind: "class", inputs: ["output", "target"], params: [{ name: "epsilon", default: 0.1, isInt: false }] }]);
  // Not losses: a helper with one input, a class that is not a module, a def without a return.
  assert.deepEqual(findUserLosses("def f(x):\n    return x\nclass A:\n    def forward(self, a, b):\n        return a\ndef g(a, b):\n    print(a)\n"), []);
});

for (const s of data.sweeps) {
  test(`${s.file}: ${s.name} (${s.setup.mode}${s.setup.mode === "class" || s.setup.mode === "margin" ? `, C=${s.setup.classes}, true class ${s.setup.trueClass}` : `, target ${s.setup.target}`}) equals PyTorch at every plotted point`, async () => {
    const engine = await enginePromise;
    const source = corpus(s.file);
    const def = findUserLosses(source).find((d) => d.name === s.name);
    assert.ok(def, `${s.name} is found`);
    const session = LossSession.open(source, def, engine);
    assert.deepEqual(session.errors, [], "the program defines the loss without errors");
    const setup: SweepSetup = { target: 0, classes: 3, trueClass: 0, others: [], ...s.setup };
    for (const run of s.runs) {
      const r = sweep(session, setup, paramValues(def, run.params), Float64Array.from(s.xs));
      assert.equal(r.batched, true, `one batched call (${r.reason})`);
      s.xs.forEach((x, i) => {
        assert.ok(close(r.y[i], num(run.y[i])), `${JSON.stringify(run.params)} loss at x=${x}: ${r.y[i]} vs PyTorch ${run.y[i]}`);
        assert.ok(close(r.dy[i], num(run.dy[i])), `${JSON.stringify(run.params)} gradient at x=${x}: ${r.dy[i]} vs PyTorch ${run.dy[i]}`);
      });
    }
  });
}

test("a loss whose per-element tensor only its own name held is still read whole by the batched sweep", async () => {
  const engine = await enginePromise;
  // `loss` dies with the call and nothing reads it in backward (mean does not): the program may recycle it, but the
  // sweep reads it from the graph afterwards (its per-sample frontier).
  const source = "import torch\ndef sq(pred, target, eps=1e-3):\n    diff = pred - target\n    loss = diff * diff + eps * eps\n    return loss.mean()\n";
  const def = findUserLosses(source)[0];
  const session = LossSession.open(source, def, engine);
  const xs = Float64Array.from({ length: 9 }, (_, i) => (i - 4) / 2);
  const r = sweep(session, { mode: "error", target: 0, classes: 3, trueClass: 0, others: [] }, paramValues(def, {}), xs);
  assert.equal(r.batched, true, r.reason ?? "");
  xs.forEach((x, i) => assert.ok(close(r.y[i], Math.fround(Math.fround(x * x) + Math.fround(1e-6))), `${x}: ${r.y[i]}`));
});

test("a loss whose samples interact is evaluated point by point, and says why", async () => {
  const engine = await enginePromise;
  // Normalised by the batch's own largest error: a batch is not a set of independent samples.
  const source = "import torch\ndef batch_scaled_l2(x, y, eps=1e-3):\n    d = x - y\n    return (d / (d.abs().max() + eps)).pow(2).mean()\n";
  const def = findUserLosses(source)[0];
  const session = LossSession.open(source, def, engine);
  const xs = Float64Array.from({ length: 9 }, (_, i) => i - 4);
  const r = sweep(session, { mode: "error", target: 0, classes: 3, trueClass: 0, others: [] }, paramValues(def, {}), xs);
  assert.equal(r.batched, false);
  assert.match(r.reason ?? "", /interact|failed/);
});

test("an error in the loss is reported at its place in the user's code", async () => {
  const engine = await enginePromise;
  const source = "import torch\ndef bad(x, y, k=2):\n    return torch.sqrt(x - y).mean() + undefined_name\n";
  const def = findUserLosses(source)[0];
  const session = LossSession.open(source, def, engine);
  assert.throws(
    () => sweep(session, { mode: "error", target: 0, classes: 3, trueClass: 0, others: [] }, paramValues(def, {}), Float64Array.from([0, 1, 2])),
    (e: Error & { span?: { line: number } }) => e.message.includes("NameError: name 'undefined_name' is not defined") && e.span?.line === 3,
  );
});
