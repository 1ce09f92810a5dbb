// torch.distributions.Normal: the parts loss code uses (log_prob, entropy, mean / stddev / variance, rsample,
// sample), each the composition of tensor ops PyTorch's normal.py writes, so values and gradients follow those ops.
// cdf / icdf (erf) are refused by name.
import { PyError, Unsupported } from "../../errors";
import * as T from "../../tensor";
import { isTensor, type PTensor } from "../../tensor";
import { fillNormal } from "../../random";
import { repr, type Args, type Value } from "../../values";
import { builtin, isNone, kw, shapeOf, tensorArg, toNumber } from "../args";
import type { Ctx } from "../ctx";
import { distClass, newDist, shapeTuple as tupleOf, validateFlag } from "./common";

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
export const NORMAL = distClass("Normal", ["loc", "scale"]);

/** broadcast_all(loc, scale): numbers become tensors of the other's dtype (float32 by default), then broadcast. */
function broadcastAll(a: Value, b: Value): [PTensor, PTensor] {
  const dtype = isTensor(a) ? a.dtype : isTensor(b) ? b.dtype : "float32";
  const [x, y] = [a, b].map((v) => (isTensor(v) ? v : T.full([], toNumber(v), dtype)));
  const shape = T.broadcastShapes(x.shape, y.shape);
  // expand_outplace hands back a tensor of that shape already as it is.
  const to = (t: PTensor) => (T.sameShape(t.shape, shape) ? t : T.expand(t, shape));
  return [to(x), to(y)];
}

const shapeTuple = (t: PTensor): string => tupleOf(t.shape);

export function normal(a: Args, ctx: Ctx): Value {
  const locV = kw(a, "loc", 0);
  const scaleV = kw(a, "scale", 1);
  if (!locV || !scaleV) throw new PyError("TypeError", "__init__() missing 1 required positional argument: 'scale'");
  const [loc, scale] = broadcastAll(locV, scaleV);
  const numbers = !isTensor(locV) && !isTensor(scaleV);
  const batch = numbers ? [] : loc.shape.slice();
  const validate = validateFlag(a, 2);
  const inst = newDist(NORMAL, [["loc", loc], ["scale", scale]], { validate, batch, event: [], ctx });
  const self = repr(inst);
  if (validate && scale.data.some((v) => !(v > 0))) {
    throw new PyError("ValueError", `Expected parameter scale (Tensor of shape ${shapeTuple(scale)}) of distribution ${self} to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n${repr(scale)}`);
  }
  if (validate && loc.data.some((v) => Number.isNaN(v))) {
    throw new PyError("ValueError", `Expected parameter loc (Tensor of shape ${shapeTuple(loc)}) of distribution ${self} to satisfy the constraint Real(), but found invalid values:\n${repr(loc)}`);
  }
  /** The value argument, checked against the support (Real()) when validating, as _validate_sample does. */
  const checkedValue = (m: Args, fn: string): PTensor => {
    const value = tensorArg(kw(m, "value", 0), fn);
    if (validate && value.data.some((v) => Number.isNaN(v))) {
      throw new PyError("ValueError", `Expected value argument (Tensor of shape ${shapeTuple(value)}) to be within the support (Real()) of the distribution ${self}, but found invalid values:\n${repr(value)}`);
    }
    return value;
  };
  const extended = (s: Value | undefined): number[] => [...(isNone(s) ? [] : shapeOf([s!], "sample_shape")), ...batch];
  const methods: Record<string, (m: Args) => Value> = {
    // -((value - loc) ** 2) / (2 * var) - log_scale - log(sqrt(2 pi))
    log_prob: (m) => {
      const value = checkedValue(m, "log_prob");
      const variance = T.binary("**", scale, { value: 2, kind: "int" });
      const sq = T.binary("**", T.binary("-", value, loc), { value: 2, kind: "int" });
      const q = T.binary("/", T.neg(sq), T.binary("*", { value: 2, kind: "int" }, variance));
      return T.binary("-", T.binary("-", q, T.unary("log", scale)), { value: LOG_SQRT_2PI, kind: "float" });
    },
    // 0.5 * (1 + erf((value - loc) * scale.reciprocal() / sqrt(2))); erf within an ulp (tensor/ops.ts)
    cdf: (m) => {
      const value = checkedValue(m, "cdf");
      const z = T.binary("/", T.binary("*", T.binary("-", value, loc), T.unary("reciprocal", scale)), { value: Math.SQRT2, kind: "float" });
      return T.binary("*", { value: 0.5, kind: "float" }, T.binary("+", { value: 1, kind: "int" }, T.unary("erf", z)));
    },
    // 0.5 + 0.5 * log(2 pi) + log(scale)
    entropy: () => T.binary("+", { value: 0.5 + 0.5 * Math.log(2 * Math.PI), kind: "float" }, T.unary("log", scale)),
    // loc + eps * scale, eps standard normal of the extended shape
    rsample: (m) => {
      const eps = T.full(extended(kw(m, "sample_shape", 0)), 0, loc.dtype);
      fillNormal(ctx.rng, eps.data);
      eps.random = true;
      return T.binary("+", loc, T.binary("*", eps, scale));
    },
    // torch.normal(loc.expand(shape), scale.expand(shape)) without grad: a standard draw * std + mean
    sample: (m) =>
      T.withNoGrad(() => {
        const shape = extended(kw(m, "sample_shape", 0));
        const eps = T.full(shape, 0, loc.dtype);
        fillNormal(ctx.rng, eps.data);
        const r = T.binary("+", T.binary("*", eps, T.expand(scale, shape)), T.expand(loc, shape));
        r.random = true;
        return r;
      }),
  };
  const attrs = inst.attrs;
  attrs.set("mean", loc);
  attrs.set("mode", loc);
  attrs.set("stddev", scale);
  attrs.set("variance", T.binary("**", scale, { value: 2, kind: "int" }));
  for (const k of Object.keys(methods)) attrs.set(k, builtin(`Normal.${k}`, methods[k]));
  attrs.set(
    "icdf",
    builtin("Normal.icdf", () => {
      throw new Unsupported("Normal.icdf (erfinv)");
    }),
  );
  return inst;
}
