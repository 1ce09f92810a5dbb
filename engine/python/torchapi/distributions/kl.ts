// torch.distributions.kl_divergence for the pairs kl.py registers among the distributions here (Normal, Categorical,
// Bernoulli), each as kl.py composes it; other pairs raise kl.py's NotImplementedError.
import { PyError } from "../../errors";
import * as T from "../../tensor";
import { isTensor, type PTensor } from "../../tensor";
import { typeName, type InstanceValue, type Value } from "../../values";
import { attrOf } from "./common";
import { BERNOULLI } from "./bernoulli";
import { CATEGORICAL } from "./categorical";
import { NORMAL } from "./normal";

const int = (value: number) => ({ value, kind: "int" as const });

/** t[mask] = value in place, as a program's index assignment records it (IndexPutBackward0 where t has a graph). */
function putWhere(t: PTensor, mask: PTensor, value: number): void {
  const m = T.expand(mask, t.shape);
  if (!m.data.some((v) => v !== 0)) return;
  const items = [{ k: "tensor" as const, t: m }];
  const val = { value, kind: "float" as const };
  if (T.isGradEnabled() && t.requiresGrad) T.inplace(t, (self) => T.indexPut(self, items, val), "index_put_");
  else T.setIndex(t, items, val);
}

function klNormal(p: InstanceValue, q: InstanceValue): PTensor {
  const [pl, ps, ql, qs] = [attrOf(p, "loc"), attrOf(p, "scale"), attrOf(q, "loc"), attrOf(q, "scale")];
  const varRatio = T.binary("**", T.binary("/", ps, qs), int(2));
  const t1 = T.binary("**", T.binary("/", T.binary("-", pl, ql), qs), int(2));
  const inner = T.binary("-", T.binary("-", T.binary("+", varRatio, t1), int(1)), T.unary("log", varRatio));
  return T.binary("*", { value: 0.5, kind: "float" }, inner);
}

function klCategorical(p: InstanceValue, q: InstanceValue): PTensor {
  const t = T.binary("*", attrOf(p, "probs"), T.binary("-", attrOf(p, "logits"), attrOf(q, "logits")));
  putWhere(t, T.binary("==", attrOf(q, "probs"), int(0)), Infinity);
  putWhere(t, T.binary("==", attrOf(p, "probs"), int(0)), 0);
  return T.sum(t, -1);
}

function klBernoulli(p: InstanceValue, q: InstanceValue): PTensor {
  const [pp, pl, qp, ql] = [attrOf(p, "probs"), attrOf(p, "logits"), attrOf(q, "probs"), attrOf(q, "logits")];
  const sp = (x: PTensor) => T.softplus(x, 1, 20);
  const t1 = T.binary("*", pp, T.binary("-", sp(T.neg(ql)), sp(T.neg(pl))));
  putWhere(t1, T.binary("==", qp, int(0)), Infinity);
  putWhere(t1, T.binary("==", pp, int(0)), 0);
  const t2 = T.binary("*", T.binary("-", int(1), pp), T.binary("-", sp(ql), sp(pl)));
  putWhere(t2, T.binary("==", qp, int(1)), Infinity);
  putWhere(t2, T.binary("==", pp, int(1)), 0);
  return T.binary("+", t1, t2);
}

/** The distributions of kl.py's ExponentialFamily (its Bregman fallback refuses mixed pairs by name). */
const EXPONENTIAL_FAMILY = new Set([NORMAL, BERNOULLI]);

export function klDivergence(p: Value, q: Value): PTensor {
  const inst = (v: Value) => (!isTensor(v) && v.t === "instance" ? v : null);
  const [a, b] = [inst(p), inst(q)];
  if (a && b && a.cls === b.cls) {
    if (a.cls === NORMAL) return klNormal(a, b);
    if (a.cls === CATEGORICAL) return klCategorical(a, b);
    if (a.cls === BERNOULLI) return klBernoulli(a, b);
  }
  if (a && b && EXPONENTIAL_FAMILY.has(a.cls) && EXPONENTIAL_FAMILY.has(b.cls)) {
    throw new PyError("NotImplementedError", "The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences");
  }
  throw new PyError("NotImplementedError", `No KL(p || q) is implemented for p type ${typeName(p)} and q type ${typeName(q)}`);
}
