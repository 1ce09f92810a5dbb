// The hover's numbers for each finding come from the engine (PyTorch's semantics), checked here against the closed
// forms: softmax-then-CE over 3 classes lies in [log(e+2) - 1, log(e+2)], BCEWithLogits on a sigmoid output with a
// positive target in [log(1+e^-1), log 2], KL of a distribution with itself is 0, and so on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../../engine/api/engine";
import { effectOf } from "../../engine/lint/effects";
import { RULES } from "../../engine/lint";

test("every rule's effect is computed by the engine", async () => {
  const engine = await createEngine();
  const text = Object.fromEntries(RULES.map((r) => [r, effectOf(r, engine)]));
  const lo = Math.log(Math.E + 2) - 1;
  assert.match(text["softmax-before-cross-entropy"] ?? "", new RegExp(`\\[${lo.toFixed(2)}, ${(lo + 1).toFixed(2)}\\]`));
  assert.match(text["softmax-before-cross-entropy"] ?? "", /gradient is \d+\.\d× smaller/);
  assert.match(text["sigmoid-before-bce-with-logits"] ?? "", new RegExp(`between ${Math.log1p(Math.exp(-1)).toFixed(3)} and ${Math.log(2).toFixed(3)}`));
  assert.match(text["bce-on-logits"] ?? "", /all elements of input should be between 0 and 1/);
  const p0 = Math.exp(2) / (Math.exp(2) + Math.exp(0.5) + Math.exp(-1));
  assert.match(text["nll-without-log-softmax"] ?? "", new RegExp(`gives ${(-p0).toFixed(4)} instead of ${(-Math.log(p0)).toFixed(4)}`));
  assert.match(text["kldiv-input-not-log"] ?? "", /itself the KL divergence is 0\.0000/);
  assert.match(text["kldiv-mean-reduction"] ?? "", /'mean' gives \d\.\d{4} and the KL divergence \('batchmean'\) is \d\.\d{4}/);
  assert.match(text["cross-entropy-target-dtype"] ?? "", /Long|long|Float/);
  assert.match(text["bce-target-dtype"] ?? "", /Float|float|Long/);
  assert.match(text["broadcast-shape-mismatch"] ?? "", /gives 2\.5000 instead of 0\.0000/);
  assert.match(text["double-label-smoothing"] ?? "", /loss is \d\.\d{4} with label_smoothing=0\.1 on top instead of \d\.\d{4}/);
  assert.equal(text["deprecated-nllloss2d"], null);
});

test("effects are the user's PyTorch version's: its numbers, its messages", async () => {
  const engine = await createEngine();
  const v2 = (r: (typeof RULES)[number]) => effectOf(r, engine, "2.13") ?? "";
  const v1 = (r: (typeof RULES)[number]) => effectOf(r, engine, "1.13") ?? "";
  assert.equal(v2("cross-entropy-target-dtype"), "PyTorch 2.13 rejects float class indices: `expected target dtype to be Long or Byte, but got Float`.");
  assert.equal(v1("cross-entropy-target-dtype"), "PyTorch 1.13 rejects float class indices: `expected scalar type Long but found Float`.");
  // BCE with target -1 at p = 0.01: 1.13 computes log(0.01) - 2 log(0.99) in float32; 2.x raises.
  const bce = Math.log(0.01) - 2 * Math.log(0.99);
  assert.match(v1("bce-target-range"), new RegExp(`^In PyTorch 1\\.13, .* gives ${bce.toFixed(4)}, below the 0 of a right answer\\.`));
  assert.match(v2("bce-target-range"), /^In PyTorch 2\.13, .* raises `all elements of target should be between 0 and 1`\./);
  // BCEWithLogits with target -1: (1 - y)·x − log σ(x) = x + log(1 + e^x) → −∞; at −10 and −20, in both versions.
  for (const t of [v1("bce-target-range"), v2("bce-target-range")]) assert.match(t, /logit -10\.0 gives -10\.0000, logit -20\.0 gives -20\.0000\.$/);
  // The engine's own version is the default.
  assert.equal(effectOf("cross-entropy-target-dtype", engine), v2("cross-entropy-target-dtype"));
});
