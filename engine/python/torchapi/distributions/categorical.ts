// torch.distributions.Categorical as categorical.py writes it: probs normalised by their sum or logits by their
// logsumexp, the other computed lazily (softmax / log of the clamped probs), log_prob through broadcast_tensors,
// gather and squeeze, entropy as -(clamp(logits) * probs).sum(-1), sample through torch.multinomial.
import { PyError } from "../../errors";
import * as T from "../../tensor";
import { isTensor, PTensor } from "../../tensor";
import type { Args, Value } from "../../values";
import { kw, tensorArg } from "../args";
import type { Ctx } from "../ctx";
import { multinomial } from "../randomops";
import { attrOf, checkParam, distClass, finfo, lazyProperty, method, newDist, probsOrLogits, sampleShape, stateOf, validateFlag, validateSample } from "./common";

export const CATEGORICAL = distClass("Categorical", ["probs", "logits"]);

/** clamp_probs: into [eps, 1 - eps] of the dtype. */
export function clampProbs(p: PTensor): PTensor {
  const { eps } = finfo(p.dtype);
  return T.clamp(p, eps, 1 - eps);
}

lazyProperty(CATEGORICAL, "probs", (inst) => T.softmax(attrOf(inst, "logits"), -1, false));
lazyProperty(CATEGORICAL, "logits", (inst) => T.unary("log", clampProbs(attrOf(inst, "probs"))));

method(CATEGORICAL, "log_prob", (self, a) => {
  const n = attrOf(self, "logits").shape.at(-1)!;
  const value = validateSample(self, kw(a, "value", 0) ?? { t: "none" }, `IntegerInterval(lower_bound=0, upper_bound=${n - 1})`, (v) => v % 1 === 0 && v >= 0 && v <= n - 1);
  const index = T.unsqueeze(T.castOp(value, "int64"), -1);
  const logits = attrOf(self, "logits");
  const shape = T.broadcastShapes(index.shape, logits.shape);
  const idx = T.getIndex(T.expand(index, shape), [{ k: "ellipsis" }, { k: "slice", start: null, stop: 1, step: null }]);
  return T.squeeze(T.gather(T.expand(logits, shape), -1, idx), -1);
});

method(CATEGORICAL, "entropy", (self) => {
  const logits = attrOf(self, "logits");
  const clamped = T.clamp(logits, finfo(logits.dtype).min, null);
  return T.neg(T.sum(T.binary("*", clamped, attrOf(self, "probs")), -1));
});

// probs as 2-D rows, torch.multinomial(rows, sample_shape.numel(), True).T, reshaped to sample + batch shape.
method(CATEGORICAL, "sample", (self, a) => {
  const { ctx, batch } = stateOf(self);
  const s = kw(a, "sample_shape", 0);
  const sample = sampleShape(s);
  const probs = attrOf(self, "probs");
  const k = probs.shape.at(-1)!;
  const rows = probs.numel / k;
  const n = sample.reduce((x, y) => x * y, 1);
  const m = multinomial(ctx, new PTensor(probs.dtype, [rows, k], probs.data), n, true);
  const out = T.full([...sample, ...batch], 0, "int64");
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out.data[j * rows + r] = m.data[r * n + j];
  out.random = true;
  return out;
});

export function categorical(a: Args, ctx: Ctx): Value {
  const { given, raw: rawV } = probsOrLogits(a);
  const raw = tensorArg(rawV, "Categorical");
  if (raw.ndim < 1) throw new PyError("ValueError", `\`${given}\` parameter must be at least one-dimensional.`);
  const param = given === "probs" ? T.binary("/", raw, T.sum(raw, -1, true)) : T.binary("-", raw, T.logsumexp(raw, [-1], true));
  const validate = validateFlag(a, 2);
  const inst = newDist(CATEGORICAL, [[given, param]], { validate, batch: param.ndim > 1 ? param.shape.slice(0, -1) : [], event: [], ctx });
  inst.attrs.set("param_shape", { t: "tuple", items: param.shape.map((v) => ({ t: "int", v })), size: true });
  if (validate) {
    if (given === "logits") checkParam(inst, "logits", param, "IndependentConstraint(Real(), 1)", param.data.every((v) => v === v));
    else {
      // Simplex: every row >= 0 and |row sum - 1| < 1e-6, in the dtype.
      const sums = T.sum(param, -1);
      const tol = param.dtype === "float32" ? Math.fround(1e-6) : 1e-6;
      const rowOk = [...sums.data].every((s) => Math.abs(param.dtype === "float32" ? Math.fround(s - 1) : s - 1) < tol);
      checkParam(inst, "probs", param, "Simplex()", rowOk && param.data.every((v) => v >= 0));
    }
  }
  return inst;
}

export const isCategorical = (v: Value): boolean => !isTensor(v) && v.t === "instance" && v.cls === CATEGORICAL;
