// torch.linalg's square-matrix functions (tensor/linsolve.ts) and their torch.* / Tensor.* names: inverse, det,
// logdet, slogdet, cholesky (torch.X and Tensor.X), and torch.linalg.inv / det / slogdet / solve / cholesky /
// multi_dot.
import * as T from "../tensor";
import type { PTensor } from "../tensor";
import type { Args, Value } from "../values";
import { boolArg, builtin, kw, listItems, tensorArg } from "./args";
import type { SharedOp } from "./shared";

function slogdetTuple(t: PTensor, type: string): Value {
  return { t: "tuple", items: T.slogdet(t), named: { type: `torch.return_types.${type}`, fields: ["sign", "logabsdet"] } };
}

/** torch.logdet: where(sign == -1, nan, logabsdet) over linalg_slogdet (WhereBackward0). */
function logdet(t: PTensor): PTensor {
  const [sign, logabs] = T.slogdet(t, "logdet");
  return T.where(T.binary("==", sign, { value: -1, kind: "float" }), T.full([], NaN, t.dtype), logabs);
}

/** torch.X(input) and Tensor.X(). */
export const LINALG_SHARED: Record<string, SharedOp> = {
  inverse: (t) => T.inv(t),
  det: (t) => T.det(t),
  logdet: (t) => logdet(t),
  slogdet: (t) => slogdetTuple(t, "slogdet"),
  cholesky: (t, a, o) => T.cholesky(t, boolArg(kw(a, "upper", o)), true),
};

/** torch.linalg.<name> for the functions here. */
export function linalgSolveAttr(name: string): Value | undefined {
  const A = (a: Args, fn: string) => tensorArg(kw(a, "A", 0), fn);
  switch (name) {
    case "inv":
      return builtin("torch.linalg.inv", (a) => T.inv(A(a, "inv")));
    case "det":
      return builtin("torch.linalg.det", (a) => T.det(A(a, "det")));
    case "slogdet":
      return builtin("torch.linalg.slogdet", (a) => slogdetTuple(A(a, "slogdet"), "linalg_slogdet"));
    case "solve":
      return builtin("torch.linalg.solve", (a) => T.solve(A(a, "solve"), tensorArg(kw(a, "B", 1), "solve", 2, "B")));
    case "cholesky":
      return builtin("torch.linalg.cholesky", (a) => T.cholesky(A(a, "cholesky"), boolArg(kw(a, "upper", 1))));
    case "multi_dot":
      return builtin("torch.linalg.multi_dot", (a) => T.multiDot(listItems(kw(a, "tensors", 0) ?? { t: "list", items: [] }).map((v, i) => tensorArg(v, "multi_dot", i + 1))));
  }
  return undefined;
}
