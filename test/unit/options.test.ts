// engine/api/options.ts: each option settled once, and what the engine reports with the result. The messages and
// grad_fn names are PyTorch 1.13's (checked with /usr/bin/python3; grad_fn names come from engine/catalog/gradFn.json,
// written by scripts/fixtures/grad_fn_names.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { optionError, resolveOptions } from "../../engine/api/options";
import { getLoss, getParam } from "../../engine/catalog";
import { LossError, type Tensor } from "../../engine/api/types";

const f32 = (values: number[], shape = [values.length]): Tensor => ({ dtype: "float32", shape, data: Float32Array.from(values) });
const x = f32([0.5, -1, 2]);
const y = f32([0.25, 0.5, 1]);

test("the result says which reduction and grad_fn the engine used", async () => {
  const engine = await createEngine();
  const sum = engine.compute({ loss: "MSELoss", inputs: [x, y], options: { size_average: false } });
  assert.equal(sum.reduction, "sum");
  assert.equal(sum.gradFn, "MseLossBackward0");
  assert.deepEqual(sum.warnings, ["size_average and reduce args will be deprecated, please use reduction='sum' instead."]);
  const l1 = engine.compute({ loss: "L1Loss", inputs: [x, y], options: { reduction: "sum" } });
  assert.deepEqual([l1.reduction, l1.gradFn], ["sum", "SumBackward0"]);
  const kl = engine.compute({ loss: "KLDivLoss", inputs: [x, y], options: { reduction: "batchmean" } });
  assert.deepEqual([kl.reduction, kl.gradFn], ["batchmean", "DivBackward0"]);
  const ce = engine.compute({ loss: "CrossEntropyLoss", inputs: [f32([1, 2, 3, 4], [2, 2]), { dtype: "int64", shape: [2], data: Float64Array.from([0, 1]) }], options: { label_smoothing: 0.1 } });
  assert.equal(ce.gradFn, "AddBackward0");
});

test("'elementwise_mean': get_enum's losses warn and take 'mean'; the losses that check by hand reject it", async () => {
  const engine = await createEngine({ pytorch: "1.13" });
  const mse = engine.compute({ loss: "MSELoss", inputs: [x, y], options: { reduction: "elementwise_mean" } });
  assert.equal(mse.reduction, "mean");
  assert.deepEqual(mse.warnings, ["reduction='elementwise_mean' is deprecated, please use reduction='mean' instead."]);
  const kl = engine.compute({ loss: "KLDivLoss", inputs: [x, y], options: { reduction: "elementwise_mean" } });
  assert.equal(kl.gradFn, "MeanBackward0");
  assert.deepEqual(kl.warnings, ["reduction='elementwise_mean' is deprecated, please use reduction='mean' instead."]);
  for (const loss of ["PoissonNLLLoss", "GaussianNLLLoss"]) {
    const inputs = loss === "GaussianNLLLoss" ? [x, y, y] : [x, y];
    assert.throws(() => engine.compute({ loss, inputs, options: { reduction: "elementwise_mean" } }), (e: unknown) => {
      assert.ok(e instanceof LossError);
      assert.equal(`${e.kind}: ${e.message}`, "ValueError: elementwise_mean is not valid");
      assert.equal(e.where, "reduction");
      return true;
    });
  }
  assert.throws(() => engine.compute({ loss: "MSELoss", inputs: [x, y], options: { reduction: "avg" } }), /^ValueError: avg is not a valid value for reduction$/);
});

test("the resolver answers in the version's words: 2.13's warning and PoissonNLLLoss's reduction error", async () => {
  const engine = await createEngine({ pytorch: "1.13" });
  const mse = engine.compute({ loss: "MSELoss", inputs: [x, y], options: { reduction: "elementwise_mean" }, pytorch: "2.13" });
  assert.equal(mse.pytorch, "2.13");
  assert.deepEqual(mse.warnings, ["reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead."]);
  assert.throws(() => engine.compute({ loss: "PoissonNLLLoss", inputs: [x, y], options: { reduction: "bad" }, pytorch: "2.13" }), /^ValueError: bad is not a valid value for reduction$/);
  assert.throws(() => engine.compute({ loss: "PoissonNLLLoss", inputs: [x, y], options: { reduction: "bad" } }), /^ValueError: bad is not valid$/);
  // A parameter 2.13 added exists only from 2.13 on.
  assert.equal(resolveOptions(getLoss("MSELoss")!, { weight: null }, { version: "2.13" }).values.weight, null);
  assert.throws(() => resolveOptions(getLoss("MSELoss")!, { weight: null }, { version: "1.13" }), /unexpected keyword argument 'weight'/);
  assert.throws(() => resolveOptions(getLoss("MSELoss")!, {}, { version: "3.0" as never }), /unsupported PyTorch version 3.0/);
});

test("a bad reduction is raised where PyTorch checks it: after the broadcast error (F.mse_loss)", async () => {
  const engine = await createEngine();
  assert.throws(
    () => engine.compute({ loss: "MSELoss", inputs: [f32([1, 2, 3]), f32([1, 2, 3, 4, 5])], options: { reduction: "bad" } }),
    /The size of tensor a \(3\) must match the size of tensor b \(5\) at non-singleton dimension 0/,
  );
});

test("rejected values carry the catalog's message, numbers printed as ATen prints a double", async () => {
  const engine = await createEngine();
  const ce = [f32([1, 2, 3, 4], [2, 2]), { dtype: "int64" as const, shape: [2], data: Float64Array.from([0, 1]) }];
  assert.throws(() => engine.compute({ loss: "CrossEntropyLoss", inputs: ce, options: { label_smoothing: 2 } }), /^RuntimeError: label_smoothing must be between 0.0 and 1.0. Got: 2$/);
  assert.throws(() => engine.compute({ loss: "CrossEntropyLoss", inputs: ce, options: { label_smoothing: 1.5 } }), /Got: 1.5$/);
  assert.throws(() => engine.compute({ loss: "HuberLoss", inputs: [x, y], options: { delta: 0 } }), /^RuntimeError: huber_loss does not support non-positive values for delta.$/);
  const huber = getLoss("HuberLoss")!;
  assert.equal(optionError(getParam(huber, "delta")!, 1), null);
  assert.equal(optionError(getParam(huber, "delta")!, -1)?.where, "delta");
});

test("resolveOptions fills every default once and takes a PyTorch version", () => {
  const r = resolveOptions(getLoss("SmoothL1Loss")!, { beta: 0.5 }, { version: "2.13" });
  assert.deepEqual(r.values, { size_average: null, reduce: null, reduction: "mean", beta: 0.5 });
  assert.equal(r.version, "2.13");
  assert.equal(r.reduction, "mean");
  assert.equal(r.reductionError, null);
});
