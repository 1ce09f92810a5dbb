// torch.nn (loss classes from the catalog, activation layers) and torch.nn.functional, and calling an instance.
import { getByFunctional, getLoss } from "../../catalog";
import { PyError, Unsupported } from "../errors";
import { callLoss, constructLoss } from "../lossbridge";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { float, MODULE_CLASS, typeName, type Args, type Value } from "../values";
import { builtin, isNone, kw, tensorArg, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";
import { softmaxCall, unaryFn } from "./torch";

export const LAYERS = new Set(["Sigmoid", "Softmax", "LogSoftmax", "ReLU", "Tanh", "Identity"]);

export function nnAttr(name: string, ctx: Ctx): Value | undefined {
  if (name === "functional") return { t: "module", name: "torch.nn.functional" };
  if (name === "Module") return MODULE_CLASS;
  if (name === "Parameter") {
    return builtin("nn.Parameter", (a) => {
      const data = kw(a, "data", 0);
      const rg = kw(a, "requires_grad", 1);
      const t = data && isTensor(data) ? T.detach(data) : T.full([0], 0, "float32");
      t.param = true;
      t.requiresGrad = rg === undefined || (!isTensor(rg) && rg.t === "bool" && rg.v);
      if (t.requiresGrad && !t.isFloat) throw new PyError("RuntimeError", "Only Tensors of floating point and complex dtype can require gradients");
      return t;
    });
  }
  const record = getLoss(name);
  if (record) {
    return builtin(`nn.${name}`, (a) => {
      if (record.deprecated) ctx.warn(`UserWarning: ${record.deprecated}`, a.span);
      const { options, given } = constructLoss(record, a);
      return { t: "criterion", record, options, given, span: a.span };
    });
  }
  if (name === "PairwiseDistance") {
    // Only as TripletMarginWithDistanceLoss's distance_function: the engine computes that distance itself.
    return builtin("nn.PairwiseDistance", (a) => ({
      t: "layer",
      kind: name,
      dim: null,
      distance: { p: toNumber(kw(a, "p", 0) ?? float(2), "p"), eps: toNumber(kw(a, "eps", 1) ?? float(1e-6), "eps") },
    }));
  }
  if (LAYERS.has(name)) {
    return builtin(`nn.${name}`, (a) => {
      const d = kw(a, "dim", 0);
      return { t: "layer", kind: name, dim: name === "Softmax" || name === "LogSoftmax" ? (isNone(d) ? null : toInt(d!, "dim")) : null };
    });
  }
  return undefined;
}

export function functionalAttr(name: string, ctx: Ctx): Value | undefined {
  const record = getByFunctional(name);
  if (record) {
    return builtin(`F.${name}`, (a) => {
      const out = callLoss(ctx.engine, record, {}, a, true);
      ctx.onLoss(out, a.span);
      return out.value;
    });
  }
  switch (name) {
    case "pairwise_distance":
      // As a distance_function value (p=2, eps=1e-6, PyTorch's defaults); calling it directly is not supported.
      return { t: "layer", kind: "pairwise_distance", dim: null, distance: { p: 2, eps: 1e-6 } };
    case "softmax":
      return builtin("F.softmax", (a) => softmaxCall(a, "softmax", false, ctx, true));
    case "log_softmax":
      return builtin("F.log_softmax", (a) => softmaxCall(a, "log_softmax", true, ctx, true));
    case "sigmoid":
    case "relu":
    case "tanh":
      return unaryFn(`F.${name}`, name);
  }
  return undefined;
}

/** Calling an nn module instance: a loss criterion or an activation layer. */
export function callModule(m: Value, a: Args, ctx: Ctx): Value {
  if (isTensor(m)) throw new PyError("TypeError", "'Tensor' object is not callable");
  if (m.t === "criterion") {
    const out = callLoss(ctx.engine, m.record, m.options, a, false);
    ctx.onLoss(out, a.span);
    return out.value;
  }
  if (m.t === "layer") {
    if (a.pos.length !== 1) throw new PyError("TypeError", `${m.kind}.forward() takes 2 positional arguments but ${a.pos.length + 1} were given`);
    if (m.distance) throw new Unsupported(`calling ${m.kind} directly is not supported (it works as TripletMarginWithDistanceLoss's distance_function)`);
    const x = tensorArg(a.pos[0], `${m.kind}.forward`);
    switch (m.kind) {
      case "Sigmoid":
        return T.unary("sigmoid", x);
      case "ReLU":
        return T.unary("relu", x);
      case "Tanh":
        return T.unary("tanh", x);
      case "Identity":
        return x;
      default: {
        let dim = m.dim;
        if (dim === null) {
          ctx.warn(`UserWarning: Implicit dimension choice for ${m.kind === "Softmax" ? "softmax" : "log_softmax"} has been deprecated. Change the call to include dim=X as an argument.`, a.span);
          dim = T.implicitSoftmaxDim(x.ndim);
        }
        return T.softmax(x, dim, m.kind === "LogSoftmax");
      }
    }
  }
  throw new PyError("TypeError", `'${typeName(m)}' object is not callable`);
}
