// LossCall.value = false (autograd's backward of an unreduced loss): the gradients are the same bits as a full
// call's, the element-wise losses skip their value (pointer 0 to the kernels), and no kernel writes through that
// null pointer (the tables at the start of the module's memory stay as they were).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import type { Engine, LossCall, OptionValue, Tensor } from "../../engine/api/types";
import type { PyTorchVersion } from "../../engine/api/versions";

type Gen = (i: number) => number;
const wave: Gen = (i) => Math.sin(i * 1.3) * 3;
const prob: Gen = (i) => 0.02 + 0.96 * (0.5 + 0.5 * Math.sin(i * 0.7));
const pos: Gen = (i) => 0.1 + Math.abs(Math.cos(i * 0.9)) * 2;
const sign: Gen = (i) => (Math.sin(i * 2.1) > 0 ? 1 : -1);
const binary: Gen = (i) => (Math.cos(i * 1.9) > 0 ? 1 : 0);

interface Case {
  loss: string;
  /** Input generators in call order; each input has the case's shape unless `shapes` says otherwise. */
  gens: Gen[];
  shapes?: (shape: number[]) => number[][];
  options?: Record<string, OptionValue>;
  /** An element-wise loss: value:false returns no value. */
  pointwise: boolean;
  /** The inputs that take a gradient (default: the first two). */
  grads?: number;
}

const CASES: Case[] = [
  { loss: "MSELoss", gens: [wave, pos], pointwise: true },
  { loss: "L1Loss", gens: [wave, pos], pointwise: true },
  { loss: "SmoothL1Loss", gens: [wave, pos], options: { beta: 0.5 }, pointwise: true },
  { loss: "HuberLoss", gens: [wave, pos], options: { delta: 0.7 }, pointwise: true },
  { loss: "BCELoss", gens: [prob, prob], pointwise: true },
  { loss: "BCEWithLogitsLoss", gens: [wave, prob], pointwise: true },
  { loss: "BCEWithLogitsLoss", gens: [wave, binary, pos], shapes: (s) => [s, s, [s[s.length - 1]]], options: {}, pointwise: true },
  { loss: "KLDivLoss", gens: [wave, prob], pointwise: true },
  { loss: "KLDivLoss", gens: [wave, wave], options: { log_target: true }, pointwise: true },
  { loss: "PoissonNLLLoss", gens: [wave, pos], pointwise: true },
  { loss: "PoissonNLLLoss", gens: [pos, pos], options: { log_input: false, full: true }, pointwise: true },
  { loss: "GaussianNLLLoss", gens: [wave, wave, pos], pointwise: true },
  { loss: "SoftMarginLoss", gens: [wave, sign], pointwise: true, grads: 1 },
  { loss: "HingeEmbeddingLoss", gens: [wave, sign], pointwise: true, grads: 1 },
  { loss: "MarginRankingLoss", gens: [wave, pos, sign], options: { margin: 0.2 }, pointwise: true },
  // Not element-wise: computes its value anyway, the gradients unchanged.
  { loss: "MultiLabelSoftMarginLoss", gens: [wave, binary], pointwise: false, grads: 1 },
];

function tensor(dtype: "float32" | "float64", shape: number[], gen: Gen, seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = gen(i + seed * 101);
  return { dtype, shape, data };
}

/** Where a kernel writing its values through pointer 0 would land: the first 300 float64 (the largest case) of
 * the module's data, its read-only tables (the sums' scratch lies above). */
function nullPage(engine: Engine): Float64Array {
  return engine.kernels.arena.view("float64", 0, 300).slice() as Float64Array;
}

for (const pytorch of ["1.13", "2.13"] as PyTorchVersion[]) {
  test(`value: false gives a full call's gradients, bit for bit, and writes nothing through the null pointer (${pytorch})`, async () => {
    const engine = await createEngine({ pytorch });
    const statics = nullPage(engine);
    let skipped = 0;
    for (const c of CASES) {
      for (const dtype of ["float32", "float64"] as const) {
        // 37: a vector body and a scalar tail; [6, 50]: rows (a weight broadcast along them).
        for (const shape of [[37], [6, 50]]) {
          const shapes = c.shapes?.(shape) ?? c.gens.map(() => shape);
          const inputs = c.gens.map((g, k) => tensor(dtype, shapes[k], g, k));
          for (const reduction of ["none", "mean", "sum"]) {
            const base: LossCall = { loss: c.loss, inputs, options: { ...c.options, reduction }, requiresGrad: inputs.map((_, k) => k < (c.grads ?? 2)) };
            // The unreduced output's shape (a row's loss for the non-element-wise one).
            if (reduction === "none") base.upstream = tensor(dtype, engine.compute(base).value.shape, wave, 9);
            const full = engine.compute(base);
            const only = engine.compute({ ...base, value: false });
            const what = `${c.loss} ${dtype} [${shape}] ${reduction}`;
            assert.equal(only.grads.length, full.grads.length, what);
            full.grads.forEach((g, k) => {
              const o = only.grads[k];
              if (!g) return assert.equal(o, null, `${what} grad ${k}`);
              assert.ok(o, `${what} grad ${k}`);
              assert.deepEqual(o.shape, g.shape, `${what} grad ${k} shape`);
              assert.deepEqual(o.data, g.data, `${what} grad ${k}`);
            });
            if (c.pointwise) {
              assert.equal(only.perElement.data.length, 0, `${what}: the value was skipped`);
              skipped++;
            } else assert.deepEqual(only.value.data, full.value.data, `${what}: computed anyway`);
          }
        }
      }
    }
    assert.ok(skipped > 0);
    assert.deepEqual(nullPage(engine), statics, "a kernel wrote through pointer 0");
  });
}
