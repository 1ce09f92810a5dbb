// nn layers' parameters as PyTorch's reset_parameters draws them from the seeded generator (nn.Linear, owned by
// nn.LinearCrossEntropyLoss too; nn.Embedding's weight).
import * as T from "../tensor";
import type { PTensor } from "../tensor";
import { fillUniform } from "../random";
import type { Value } from "../values";
import type { Ctx } from "./ctx";

/** nn.Linear's parameters as reset_parameters draws them: kaiming_uniform_(a=sqrt(5)) on the weight, then the bias. */
export function linearLayer(ctx: Ctx, inF: number, outF: number, bias: boolean, dtype: T.TDtype): Extract<Value, { t: "layer" }> {
  const params = new Map<string, PTensor>();
  const bound = Math.sqrt(3.0) * (Math.sqrt(2.0 / (1 + 5)) / Math.sqrt(inF));
  params.set("weight", parameter(T.full([outF, inF], 0, dtype), (d) => fillUniform(ctx.rng, d, -bound, bound), inF === 0 || outF === 0));
  if (bias) {
    const bb = inF > 0 ? 1 / Math.sqrt(inF) : 0;
    params.set("bias", parameter(T.full([outF], 0, dtype), (d) => fillUniform(ctx.rng, d, -bb, bb), inF === 0 || outF === 0));
  }
  return { t: "layer", kind: "Linear", dim: null, params, config: { in_features: inF, out_features: outF } };
}

/** A fresh nn.Parameter filled by init (skipped for empty tensors, as PyTorch's init warns and does nothing). */
export function parameter(t: PTensor, init: (d: T.Storage) => void, empty: boolean): PTensor {
  if (!empty) init(t.data);
  t.param = true;
  t.requiresGrad = true;
  return t;
}
