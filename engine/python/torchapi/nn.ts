// torch.nn (loss classes from the catalog, activation layers) and torch.nn.functional, and calling an instance.
import { checkParser } from "./argparser";
import { getByFunctional, getLoss } from "../../catalog";
import { torchBehaviour, warningIn } from "../../api/versions";
import { evalTorch } from "../version";
import { activationModule, callActivationModule, floatKernel, functionalAttr as moreFunctional, isActivationModule } from "./functional";
import { PyError, Unsupported } from "../errors";
import { callLoss, constructLoss } from "../lossbridge";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { fillNormal } from "../random";
import { float, int, MODULE_CLASS, NONE, repr, typeName, type Args, type ClassValue, type Value } from "../values";
import { boolArg, builtin, dtypeOf, isNone, kw, listItems, tensorArg, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";
import { softmaxCall, unaryFn } from "./torch";
import { softminCall } from "./moreops";
import { callLinearCrossEntropy, linearCrossEntropyClass, linearCrossEntropyFunction } from "./lce";
import { linearLayer, parameter } from "./params";
import { callConvModule, convFunction, convModule } from "./conv";
import { callPoolingModule, poolingFunction, poolingModule, POOLING_MODULES } from "./pooling";
import { dropout, dropoutCall } from "./randomops";
import { callNormModule, normFunction, normModule, NORM_MODULES } from "./normalization";

export const LAYERS = new Set(["Sigmoid", "Softmax", "LogSoftmax", "Softmin", "ReLU", "Tanh", "Identity"]);

export function nnAttr(name: string, ctx: Ctx): Value | undefined {
  if (name === "functional") return { t: "module", name: "torch.nn.functional" };
  if (name === "init") return { t: "module", name: "torch.nn.init" };
  if (name === "LinearCrossEntropyLoss") return linearCrossEntropyClass(ctx);
  const conv = convModule(name, ctx) ?? normModule(name);
  if (conv) return conv;
  if (name === "Module") return MODULE_CLASS;
  if (name === "modules") return { t: "module", name: "torch.nn.modules" };
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
      if (record.deprecated) ctx.warn(`UserWarning: ${warningIn(ctx.engine.pytorch, record.deprecated)}`, a.span);
      const custom = customDistance(record.className, a);
      const { options, given } = constructLoss(record, custom ? withoutDistance(a) : a, torchBehaviour(ctx.engine.pytorch));
      return { t: "criterion", record, options, given, span: a.span, custom };
    });
  }
  if (name === "PairwiseDistance") {
    // Callable, and TripletMarginWithDistanceLoss's distance_function (the engine computes that distance itself).
    return builtin("nn.PairwiseDistance", (a) => ({
      t: "layer",
      kind: name,
      dim: null,
      distance: { p: toNumber(kw(a, "p", 0) ?? float(2), "p"), eps: toNumber(kw(a, "eps", 1) ?? float(1e-6), "eps") },
      config: { keepdim: flag(kw(a, "keepdim", 2)) },
    }));
  }
  if (name === "CosineSimilarity") {
    return builtin("nn.CosineSimilarity", (a) => ({ t: "layer", kind: name, dim: isNone(kw(a, "dim", 0)) ? 1 : toInt(kw(a, "dim", 0)!, "dim"), config: { eps: isNone(kw(a, "eps", 1)) ? 1e-8 : toNumber(kw(a, "eps", 1)!) } }));
  }
  if (name === "Softplus") {
    return builtin("nn.Softplus", (a) => {
      // extra_repr shows beta and threshold as given.
      const floats = torchBehaviour(ctx.engine.pytorch).softplusFloatDefaults;
      const bv = isNone(kw(a, "beta", 0)) ? (floats ? float(1) : int(1)) : kw(a, "beta", 0)!;
      const tv = isNone(kw(a, "threshold", 1)) ? (floats ? float(20) : int(20)) : kw(a, "threshold", 1)!;
      return { t: "layer", kind: name, dim: null, config: { beta: toNumber(bv), threshold: toNumber(tv) }, repr: `Softplus(beta=${repr(bv)}, threshold=${repr(tv)})` };
    });
  }
  if (name === "LogSigmoid" || name === "Flatten") {
    return builtin(`nn.${name}`, (a) => {
      const config = { start_dim: isNone(kw(a, "start_dim", 0)) ? 1 : toInt(kw(a, "start_dim", 0)!), end_dim: isNone(kw(a, "end_dim", 1)) ? -1 : toInt(kw(a, "end_dim", 1)!) };
      return { t: "layer", kind: name, dim: null, config, repr: name === "Flatten" ? `Flatten(start_dim=${config.start_dim}, end_dim=${config.end_dim})` : undefined };
    });
  }
  if (name === "Dropout") {
    // _DropoutNd.__init__ checks p; extra_repr shows p and inplace as given.
    return builtin("nn.Dropout", (a) => {
      const pv = kw(a, "p", 0) ?? float(0.5);
      const p = toNumber(pv, "p");
      if (p < 0 || p > 1) throw new PyError("ValueError", `dropout probability has to be between 0 and 1, but got ${repr(pv)}`);
      const inplace = flag(kw(a, "inplace", 1));
      return { t: "layer", kind: name, dim: null, config: { p, inplace }, repr: `Dropout(p=${repr(pv)}, inplace=${inplace ? "True" : "False"})` };
    });
  }
  if (name === "Linear") {
    return builtin("nn.Linear", (a) => {
      const inF = toInt(kw(a, "in_features", 0) ?? NONE, "in_features");
      const outF = toInt(kw(a, "out_features", 1) ?? NONE, "out_features");
      const bias = isNone(kw(a, "bias", 2)) ? true : flag(kw(a, "bias", 2));
      return linearLayer(ctx, inF, outF, bias, dtypeOf(a.kw.get("dtype")) ?? "float32");
    });
  }
  if (name === "PReLU") {
    // weight = Parameter(torch.empty(num_parameters).fill_(init)).
    return builtin("nn.PReLU", (a) => {
      const n = isNone(kw(a, "num_parameters", 0)) ? 1 : toInt(kw(a, "num_parameters", 0)!, "num_parameters");
      const init = isNone(kw(a, "init", 1)) ? 0.25 : toNumber(kw(a, "init", 1)!, "init");
      const weight = T.full([n], init, dtypeOf(a.kw.get("dtype")) ?? "float32");
      weight.param = true;
      weight.requiresGrad = true;
      return { t: "layer", kind: name, dim: null, params: new Map([["weight", weight]]), config: { num_parameters: n }, repr: `PReLU(num_parameters=${n})` };
    });
  }
  if (name === "Embedding") {
    return builtin("nn.Embedding", (a) => {
      const n = toInt(kw(a, "num_embeddings", 0) ?? NONE, "num_embeddings");
      const dim = toInt(kw(a, "embedding_dim", 1) ?? NONE, "embedding_dim");
      const pad = kw(a, "padding_idx", 2);
      if (!isNone(kw(a, "max_norm", 3))) throw new Unsupported("nn.Embedding with max_norm");
      if (boolArg(kw(a, "sparse", 6))) throw new Unsupported("nn.Embedding with sparse=True");
      const params = new Map<string, PTensor>();
      const w = kw(a, "_weight", 7);
      const weight = w && isTensor(w) ? T.detach(w) : parameter(T.full([n, dim], 0, dtypeOf(a.kw.get("dtype")) ?? "float32"), (d) => fillNormal(ctx.rng, d), false);
      weight.param = true;
      weight.requiresGrad = true;
      let padding = -1;
      if (!isNone(pad)) {
        padding = toInt(pad!, "padding_idx");
        if (padding < 0) padding += n;
        for (let j = 0; j < dim; j++) weight.data[padding * dim + j] = 0;
      }
      params.set("weight", weight);
      return { t: "layer", kind: name, dim: null, params, config: { num_embeddings: n, embedding_dim: dim, padding_idx: padding } };
    });
  }
  // nn.Sequential(*modules): each called on the previous one's output; nn.ModuleList(modules): its children indexed,
  // iterated, appended to, their parameters named by position.
  if (name === "Sequential") return builtin("nn.Sequential", (a) => ({ t: "layer", kind: name, dim: null, children: a.pos.slice() }));
  if (name === "ModuleList") return builtin("nn.ModuleList", (a) => ({ t: "layer", kind: name, dim: null, children: a.pos.length ? listItems(a.pos[0]).slice() : [] }));
  const act = activationModule(name) ?? poolingModule(name);
  if (act) return act;
  if (name === "ReLU") {
    // inplace=True: relu_ on the input itself (the module's output is its input).
    return builtin("nn.ReLU", (a) => {
      const inplace = boolArg(kw(a, "inplace", 0));
      return { t: "layer", kind: name, dim: null, config: { inplace }, repr: inplace ? "ReLU(inplace=True)" : "ReLU()" };
    });
  }
  if (LAYERS.has(name)) {
    return builtin(`nn.${name}`, (a) => {
      const d = kw(a, "dim", 0);
      return { t: "layer", kind: name, dim: name === "Softmax" || name === "LogSoftmax" || name === "Softmin" ? (isNone(d) ? null : toInt(d!, "dim")) : null };
    });
  }
  return undefined;
}

export function functionalAttr(name: string, ctx: Ctx): Value | undefined {
  if (name === "_Reduction") return { t: "module", name: "torch.nn._reduction" };
  const record = getByFunctional(name);
  // A functional with its own signature (F.linear_cross_entropy) is not the class's forward: its own code below.
  if (record && !record.functionalSignature) {
    return builtin(`F.${name}`, (a) => {
      const custom = customDistance(record.className, a, 3);
      if (custom) {
        const b = withoutDistance(a, 3);
        const [x, p, n] = [0, 1, 2].map((i) => tensorArg(b.pos[i] ?? b.kw.get(["anchor", "positive", "negative"][i]), name, i + 1));
        const num = (k: string, d: number) => (isNone(b.kw.get(k)) ? d : toNumber(b.kw.get(k)!));
        const red = b.kw.get("reduction");
        return tripletWithDistance(ctx, custom, x, p, n, num("margin", 1), flag(b.kw.get("swap")), red && !isTensor(red) && red.t === "str" ? red.v : "mean", a);
      }
      const out = callLoss(ctx.engine, record, {}, a, true);
      ctx.onLoss(out, a.span);
      return out.value;
    });
  }
  const pool = poolingFunction(name, ctx) ?? normFunction(name);
  if (pool) return pool;
  switch (name) {
    case "pairwise_distance":
      // Callable, and as a distance_function value (p=2, eps=1e-6, PyTorch's defaults) the engine's own distance.
      return { t: "layer", kind: "pairwise_distance", dim: null, distance: { p: 2, eps: 1e-6 }, config: { keepdim: false } };
    case "normalize":
      return builtin("F.normalize", (a) => T.normalize(tensorArg(kw(a, "input", 0), "normalize"), isNone(kw(a, "p", 1)) ? 2 : toNumber(kw(a, "p", 1)!), isNone(kw(a, "dim", 2)) ? 1 : toInt(kw(a, "dim", 2)!), isNone(kw(a, "eps", 3)) ? 1e-12 : toNumber(kw(a, "eps", 3)!)));
    case "cosine_similarity":
      return builtin("F.cosine_similarity", (a) => T.cosineSimilarity(tensorArg(kw(a, "x1", 0), "cosine_similarity"), tensorArg(kw(a, "x2", 1), "cosine_similarity", 2, "x2"), isNone(kw(a, "dim", 2)) ? 1 : toInt(kw(a, "dim", 2)!), isNone(kw(a, "eps", 3)) ? 1e-8 : toNumber(kw(a, "eps", 3)!)));
    case "one_hot":
      return builtin("F.one_hot", (a) => T.oneHot(tensorArg(kw(a, "tensor", 0) ?? a.kw.get("input"), "one_hot"), isNone(kw(a, "num_classes", 1)) ? -1 : toInt(kw(a, "num_classes", 1)!)));
    case "softplus":
      return builtin("F.softplus", (a) => T.softplus(floatKernel(tensorArg(kw(a, "input", 0), "softplus"), "softplus"), isNone(kw(a, "beta", 1)) ? 1 : toNumber(kw(a, "beta", 1)!), isNone(kw(a, "threshold", 2)) ? 20 : toNumber(kw(a, "threshold", 2)!)));
    case "logsigmoid":
      return builtin("F.logsigmoid", (a) => T.logsigmoid(floatKernel(tensorArg(kw(a, "input", 0), "logsigmoid"), "logsigmoid")));
    case "linear_cross_entropy":
      return linearCrossEntropyFunction(ctx);
    case "conv1d":
    case "conv2d":
      return convFunction(name);
    case "linear":
      return builtin("F.linear", (a) => T.linear(tensorArg(kw(a, "input", 0), "linear"), tensorArg(kw(a, "weight", 1), "linear", 2, "weight"), isNone(kw(a, "bias", 2)) ? null : tensorArg(kw(a, "bias", 2), "linear", 3, "bias")));
    case "embedding":
      return builtin("F.embedding", (a) => T.embedding(tensorArg(kw(a, "weight", 1), "embedding", 2, "weight"), tensorArg(kw(a, "input", 0), "embedding"), isNone(kw(a, "padding_idx", 2)) ? -1 : toInt(kw(a, "padding_idx", 2)!)));
    case "softmax":
      return builtin("F.softmax", (a) => softmaxCall(a, "softmax", false, ctx, true));
    case "log_softmax":
      return builtin("F.log_softmax", (a) => softmaxCall(a, "log_softmax", true, ctx, true));
    case "softmin":
      return builtin("F.softmin", (a) => softminCall(a, ctx));
    case "dropout":
      return builtin("F.dropout", (a) => dropoutCall(ctx, a));
    case "relu":
      return builtin("F.relu", (a) => {
        const x = tensorArg(kw(a, "input", 0), "relu");
        return relu(x, boolArg(kw(a, "inplace", 1)));
      });
    case "sigmoid":
    case "tanh":
      return unaryFn(`F.${name}`, name);
  }
  return moreFunctional(name);
}

/** A TripletMarginWithDistanceLoss distance_function the engine cannot compute itself (a user function). */
function customDistance(className: string, a: Args, pos = 0): Value | undefined {
  if (className !== "TripletMarginWithDistanceLoss") return undefined;
  const v = a.kw.get("distance_function") ?? (pos === 0 ? a.pos[0] : undefined);
  if (!v || isTensor(v) || v.t === "none" || (v.t === "layer" && v.distance && v.kind !== "CosineSimilarity")) return undefined;
  return v;
}

function withoutDistance(a: Args, pos = 0): Args {
  const kw = new Map(a.kw);
  kw.delete("distance_function");
  return { ...a, kw, pos: pos === 0 && !a.kw.has("distance_function") ? a.pos.slice(1) : a.pos };
}

/** F.triplet_margin_with_distance_loss with a user's distance, as torch/nn/functional.py composes it. */
function tripletWithDistance(ctx: Ctx, dist: Value, anchor: PTensor, pos: PTensor, neg: PTensor, margin: number, swap: boolean, reduction: string, a: Args): PTensor {
  const call = (x: PTensor, y: PTensor): PTensor => {
    const r = ctx.call(dist, { pos: [x, y], kw: new Map(), span: a.span, posSpans: [a.span, a.span], kwSpans: new Map() });
    if (!isTensor(r)) throw new PyError("TypeError", `distance_function must return a Tensor, not ${typeName(r)}`);
    return r;
  };
  const dPos = call(anchor, pos);
  let dNeg = call(anchor, neg);
  if (swap) dNeg = T.binary("min", dNeg, call(pos, neg));
  const loss = T.clamp(T.binary("-", T.binary("+", { value: margin, kind: "float" }, dPos), dNeg), 0, null, "ClampMinBackward0");
  if (reduction === "sum") return T.sum(loss, null);
  if (reduction === "mean") return T.mean(loss, null);
  if (reduction === "none") return loss;
  throw new PyError("ValueError", `${reduction} is not a valid value for reduction`);
}

function flag(v: Value | undefined): boolean {
  return !!v && !isTensor(v) && v.t === "bool" && v.v;
}

/** Calling an nn module instance: a loss criterion or an activation layer. */
export function callModule(m: Value, a: Args, ctx: Ctx): Value {
  if (isTensor(m)) throw new PyError("TypeError", "'Tensor' object is not callable");
  if (m.t === "criterion") {
    if (m.module) return callLinearCrossEntropy(ctx, { ...m, module: m.module }, a);
    if (m.custom) {
      const [x, p, n] = [0, 1, 2].map((i) => tensorArg(a.pos[i] ?? a.kw.get(["anchor", "positive", "negative"][i]), `${m.record.className}.forward`, i + 1));
      return tripletWithDistance(ctx, m.custom, x, p, n, Number(m.options.margin ?? 1), m.options.swap === true, String(m.options.reduction ?? "mean"), a);
    }
    const out = callLoss(ctx.engine, m.record, m.options, a, false);
    ctx.onLoss(out, a.span);
    return out.value;
  }
  if (m.t === "layer") {
    const two = m.distance || m.kind === "CosineSimilarity";
    if (two) {
      // F.pairwise_distance is a binding of PyTorch's (a layer value here, to serve as a distance_function).
      if (m.kind === "pairwise_distance") checkParser("F.pairwise_distance", a);
      const x1 = tensorArg(kw(a, "x1", 0), `${m.kind}.forward`);
      const x2 = tensorArg(kw(a, "x2", 1), `${m.kind}.forward`, 2, "x2");
      if (m.kind === "CosineSimilarity") return T.cosineSimilarity(x1, x2, m.dim ?? 1, Number(m.config?.eps ?? 1e-8));
      const p = m.kind === "pairwise_distance" && !isNone(kw(a, "p", 2)) ? toNumber(kw(a, "p", 2)!) : m.distance!.p;
      const eps = m.kind === "pairwise_distance" && !isNone(kw(a, "eps", 3)) ? toNumber(kw(a, "eps", 3)!) : m.distance!.eps;
      const keep = m.kind === "pairwise_distance" ? flag(kw(a, "keepdim", 4)) : m.config?.keepdim === true;
      return T.pairwiseDistance(x1, x2, p, eps, keep);
    }
    if (a.pos.length !== 1) throw new PyError("TypeError", `${m.kind}.forward() takes 2 positional arguments but ${a.pos.length + 1} were given`);
    const x = tensorArg(a.pos[0], `${m.kind}.forward`);
    if (POOLING_MODULES.has(m.kind)) return callPoolingModule(m, x, a.span);
    if (NORM_MODULES.has(m.kind)) return callNormModule(m, x);
    switch (m.kind) {
      case "Linear":
        return T.linear(x, m.params!.get("weight")!, m.params!.get("bias") ?? null);
      case "Conv1d":
      case "Conv2d":
        return callConvModule(m, x, a);
      case "Embedding":
        return T.embedding(m.params!.get("weight")!, x, Number(m.config?.padding_idx ?? -1));
      case "Softplus":
        return T.softplus(x, Number(m.config?.beta ?? 1), Number(m.config?.threshold ?? 20));
      case "LogSigmoid":
        return T.logsigmoid(x);
      case "Dropout":
        return dropout(ctx, x, Number(m.config?.p ?? 0.5), m.training ?? true, m.config?.inplace === true);
      case "Flatten":
        return T.flatten(x, Number(m.config?.start_dim ?? 1), Number(m.config?.end_dim ?? -1), evalTorch().reshapeGradFn);
      case "Sigmoid":
        return T.unary("sigmoid", x);
      case "ReLU":
        return relu(x, m.config?.inplace === true);
      case "Tanh":
        return T.unary("tanh", x);
      case "Identity":
        return x;
      case "Sequential":
        return (m.children ?? []).reduce<Value>((v, child) => ctx.call(child, { ...a, pos: [v], kw: new Map(), posSpans: [a.span] }), x);
      case "PReLU":
        return T.prelu(x, m.params!.get("weight")!);
      case "Softmin":
        return softminCall({ ...a, pos: [x, m.dim === null ? NONE : { t: "int", v: m.dim }], kw: new Map() }, ctx);
      default: {
        if (isActivationModule(m.kind)) return callActivationModule(m, x, a.span);
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

/** torch.nn.modules.loss._Loss / _WeightedLoss, the bases of PyTorch's losses that custom losses subclass too. */
const LOSS_BASES = new Map<string, ClassValue>();

export function lossBase(name: string): ClassValue | undefined {
  if (name !== "_Loss" && name !== "_WeightedLoss") return undefined;
  let c = LOSS_BASES.get(name);
  if (c) return c;
  const weighted = name === "_WeightedLoss";
  const params = weighted ? ["weight", "size_average", "reduce", "reduction"] : ["size_average", "reduce", "reduction"];
  const init: Value = {
    t: "builtin",
    name: `${name}.__init__`,
    method: true,
    fn: (a) => {
      const self = a.pos[0];
      if (!self || isTensor(self) || self.t !== "instance") throw new PyError("TypeError", `${name}.__init__() needs an instance`);
      const get = (k: string) => a.kw.get(k) ?? a.pos[1 + params.indexOf(k)];
      if (!isNone(get("size_average")) || !isNone(get("reduce"))) throw new Unsupported(`${name} with the legacy size_average / reduce arguments`);
      self.moduleInit = true;
      const red = get("reduction");
      self.attrs.set("reduction", red ?? { t: "str", v: "mean" });
      if (weighted) self.attrs.set("weight", get("weight") ?? NONE);
      return NONE;
    },
  };
  c = { t: "class", name, bases: [weighted ? lossBase("_Loss")! : MODULE_CLASS], attrs: new Map([["__init__", init]]) };
  LOSS_BASES.set(name, c);
  return c;
}

/** F.relu / nn.ReLU: in place, relu_ written into x itself (the module's output is its input). */
function relu(x: PTensor, inplace: boolean): PTensor {
  return inplace ? T.inplace(x, (self) => T.unary("relu", self), "relu_") : T.unary("relu", x);
}
