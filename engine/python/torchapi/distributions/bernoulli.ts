// torch.distributions.Bernoulli as bernoulli.py writes it: probs or logits (numbers made 0-dim tensors), the other
// lazily (sigmoid / log(p) - log1p(-p) of the clamped probs), log_prob and entropy through
// binary_cross_entropy_with_logits (the engine's kernel, each version's formula), sample through torch.bernoulli.
import { getByFunctional } from "../../../catalog";
import { callLoss } from "../../lossbridge";
import * as T from "../../tensor";
import { isTensor, type PTensor } from "../../tensor";
import { str, type Args, type InstanceValue, type Value } from "../../values";
import type { Ctx } from "../ctx";
import { kw } from "../args";
import { bernoulliCall } from "../randomops";
import { attrOf, broadcastAll, checkParam, distClass, lazyProperty, method, newDist, probsOrLogits, sampleShape, stateOf, validateFlag, validateSample } from "./common";
import { clampProbs } from "./categorical";

export const BERNOULLI = distClass("Bernoulli", ["probs", "logits"]);

lazyProperty(BERNOULLI, "probs", (inst) => T.unary("sigmoid", attrOf(inst, "logits")));
lazyProperty(BERNOULLI, "logits", (inst) => {
  const p = clampProbs(attrOf(inst, "probs"));
  return T.binary("-", T.unary("log", p), T.unary("log1p", T.neg(p)));
});
lazyProperty(BERNOULLI, "mean", (inst) => attrOf(inst, "probs"));
lazyProperty(BERNOULLI, "variance", (inst) => {
  const p = attrOf(inst, "probs");
  return T.binary("*", p, T.binary("-", { value: 1, kind: "int" }, p));
});

/** F.binary_cross_entropy_with_logits(x, y, reduction='none') through the engine's loss. */
function bceWithLogits(self: InstanceValue, a: Args, x: PTensor, y: PTensor): PTensor {
  const { ctx } = stateOf(self);
  const record = getByFunctional("binary_cross_entropy_with_logits")!;
  const out = callLoss(ctx.engine, record, {}, { pos: [x, y], kw: new Map([["reduction", str("none")]]), span: a.span, posSpans: [a.span, a.span], kwSpans: new Map() }, true);
  return out.value as PTensor;
}

method(BERNOULLI, "log_prob", (self, a) => {
  const value = validateSample(self, kw(a, "value", 0) ?? { t: "none" }, "Boolean()", (v) => v === 0 || v === 1);
  const [logits, y] = broadcastAll([attrOf(self, "logits"), value]);
  return T.neg(bceWithLogits(self, a, logits, y));
});
method(BERNOULLI, "entropy", (self, a) => bceWithLogits(self, a, attrOf(self, "logits"), attrOf(self, "probs")));
// with torch.no_grad(): torch.bernoulli(self.probs.expand(sample_shape + batch_shape)) (lazy_property computes
// probs under enable_grad, so it keeps its graph).
method(BERNOULLI, "sample", (self, a) => {
  const { ctx, batch } = stateOf(self);
  const s = kw(a, "sample_shape", 0);
  const shape = [...sampleShape(s), ...batch];
  const probs = attrOf(self, "probs");
  return T.withNoGrad(() => bernoulliCall(ctx, T.expand(probs, shape), undefined));
});

export function bernoulli(a: Args, ctx: Ctx): Value {
  const { given, raw } = probsOrLogits(a);
  const [param] = broadcastAll([raw]);
  const validate = validateFlag(a, 2);
  const inst = newDist(BERNOULLI, [[given, param]], { validate, batch: isTensor(raw) ? param.shape.slice() : [], event: [], ctx });
  if (validate) {
    if (given === "probs") checkParam(inst, "probs", param, "Interval(lower_bound=0.0, upper_bound=1.0)", param.data.every((v) => v >= 0 && v <= 1));
    else checkParam(inst, "logits", param, "Real()", param.data.every((v) => v === v));
  }
  return inst;
}
