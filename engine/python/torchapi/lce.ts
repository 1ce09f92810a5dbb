// PyTorch 2.x's linear cross entropy: F.linear_cross_entropy and nn.LinearCrossEntropyLoss (a loss module that owns
// the nn.Linear making its logits). Both follow the 2.13 wheel's Python line by line: its checks and messages, then
// its reference path, cross_entropy(linear(input, W, b).reshape(logits_shape), target), which the wheel computes
// bit for bit the same when `options` is None. PyTorch 1.13 has neither and says so as Python does.
import { getLoss } from "../../catalog";
import { torchBehaviour } from "../../api/versions";
import type { OptionValue } from "../../api/types";
import { missingArguments, PyError, Unsupported } from "../errors";
import { callLoss, toOption, type LossOutcome } from "../lossbridge";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { floatRepr } from "../numfmt";
import type { Span } from "../errors";
import { float, int, intTupleRepr, NONE, typeName, type Args, type LceModule, type Value } from "../values";
import { builtin, dtypeOf, isNone, toInt, toNumber } from "./args";
import { linearLayer } from "./params";
import type { Ctx } from "./ctx";

const CLASS = "LinearCrossEntropyLoss";
const FN = "linear_cross_entropy";

/** `v.attr` on what the wheel's code reads an attribute of (input.dim(), target.shape): Python's AttributeError. */
function needTensor(v: Value, attr: string): PTensor {
  if (isTensor(v)) return v;
  throw new PyError("AttributeError", `'${typeName(v)}' object has no attribute '${attr}'`);
}

/**
 * The call's required inputs by position or name, as Python binds them (multiple values, an unexpected keyword,
 * missing ones: Python's TypeErrors); the other `keywords` are allowed and read by the caller.
 */
function bindInputs(fname: string, names: string[], keywords: string[], a: Args): Value[] {
  const v: (Value | undefined)[] = a.pos.slice();
  for (const [k, val] of a.kw) {
    const at = names.indexOf(k);
    if (at >= 0) {
      if (v[at] !== undefined) throw new PyError("TypeError", `${fname} got multiple values for argument '${k}'`);
      v[at] = val;
    } else if (!keywords.includes(k)) throw new PyError("TypeError", `${fname} got an unexpected keyword argument '${k}'`);
  }
  const absent = names.filter((_, i) => v[i] === undefined);
  if (absent.length) throw missingArguments(fname, absent);
  return v as Value[];
}

interface LceOptions {
  bias: Value;
  weight: Value;
  reduction: Value;
  ignoreIndex: Value;
  labelSmoothing: Value;
  options: Value;
}

/** F.linear_cross_entropy's body (torch/nn/functional.py of the 2.13 wheel), options=None path. */
function compute(ctx: Ctx, input: Value, linearWeight: Value, target: Value, o: LceOptions, a: Args, spans: [Span, Span], kwSpans: Map<string, Span>): LossOutcome {
  const x = needTensor(input, "dim");
  if (x.ndim < 1 || x.ndim > 2) throw new PyError("RuntimeError", `expected input with dimensionality 1 or 2, got ${x.ndim}`);
  const w = needTensor(linearWeight, "dim");
  if (w.ndim < 2) throw new PyError("RuntimeError", `expected linear_weight with dimensionality at least 2, got ${w.ndim}`);
  const batch = x.shape.slice(0, -1);
  const inF = x.shape[x.ndim - 1];
  if (inF !== w.shape[w.ndim - 1]) {
    throw new PyError("RuntimeError", `expected equal input and linear_weight last dimensions (in_features), got ${inF} and ${w.shape[w.ndim - 1]}, respectively`);
  }
  const classes = w.shape[0];
  const out = w.shape.slice(1, -1);
  const bias = isNone(o.bias) ? null : needTensor(o.bias, "shape");
  if (bias && intTupleRepr(bias.shape) !== intTupleRepr([classes, ...out])) {
    throw new PyError("RuntimeError", `expected linear_bias shape ${intTupleRepr([classes, ...out])}, got ${intTupleRepr(bias.shape)}`);
  }
  if (out.length > 0 && batch.length === 0) {
    throw new PyError("RuntimeError", `K-dimensional loss defined by linear_weight shape ${intTupleRepr(w.shape)} requires batched input, (N, ${inF}), got unbatched input with shape ${intTupleRepr(x.shape)}`);
  }
  const logitsShape = [...batch, classes, ...out];
  const t = needTensor(target, "shape");
  const probabilities = intTupleRepr(t.shape) === intTupleRepr(logitsShape);
  if (probabilities && !isNone(o.ignoreIndex)) throw new PyError("RuntimeError", "ignore_index cannot be specified when target contains probabilities");
  if (!isNone(o.options)) throw new Unsupported(`${FN} with options (its chunked path)`);
  let w2 = w;
  let b2 = bias;
  if (out.length > 0) {
    const flat = out.reduce((p, d) => p * d, classes);
    w2 = T.reshape(w, [flat, inF]);
    if (b2) b2 = T.reshape(b2, [flat]);
  }
  let logits = T.linear(x, w2, b2);
  if (out.length > 0) logits = T.reshape(logits, logitsShape);
  const kw = new Map<string, Value>([
    ["weight", o.weight],
    ["reduction", o.reduction],
    ["ignore_index", isNone(o.ignoreIndex) ? int(-100) : o.ignoreIndex],
    ["label_smoothing", o.labelSmoothing],
  ]);
  const ce = getLoss("CrossEntropyLoss")!;
  return callLoss(ctx.engine, ce, {}, { ...a, pos: [logits, t], kw, posSpans: spans, kwSpans }, true);
}

/** The result as the product reports it: LinearCrossEntropyLoss's, with its inputs (features, target). */
function report(ctx: Ctx, out: LossOutcome, inputs: PTensor[], options: Record<string, OptionValue>, a: Args): PTensor {
  out.value.random = out.value.random || inputs.some((t) => t.random);
  ctx.onLoss({ ...out, className: CLASS, inputs, options }, a.span);
  return out.value;
}

/** F.linear_cross_entropy(input, linear_weight, target, *, linear_bias, weight, reduction, ignore_index, label_smoothing, options). */
export function linearCrossEntropyFunction(ctx: Ctx): Value {
  if (!torchBehaviour(ctx.engine.pytorch).linearCrossEntropy) {
    throw new PyError("AttributeError", `module 'torch.nn.functional' has no attribute '${FN}'`);
  }
  const names = ["input", "linear_weight", "target"];
  const keywords = ["linear_bias", "weight", "reduction", "ignore_index", "label_smoothing", "options"];
  return builtin(`F.${FN}`, (a) => {
    if (a.pos.length > 3) throw new PyError("TypeError", `${FN}() takes 3 positional arguments but ${a.pos.length} were given`);
    const v = bindInputs(`${FN}()`, names, keywords, a);
    const get = (k: string, d: Value): Value => a.kw.get(k) ?? d;
    const o: LceOptions = {
      bias: get("linear_bias", NONE),
      weight: get("weight", NONE),
      reduction: get("reduction", { t: "str", v: "mean" }),
      ignoreIndex: get("ignore_index", NONE),
      labelSmoothing: get("label_smoothing", float(0)),
      options: get("options", NONE),
    };
    const spans: [Span, Span] = [a.kwSpans.get("input") ?? a.posSpans[0] ?? a.span, a.kwSpans.get("target") ?? a.posSpans[2] ?? a.span];
    const out = compute(ctx, v[0], v[1], v[2], o, a, spans, a.kwSpans);
    const given: Record<string, OptionValue> = {};
    for (const k of ["reduction", "ignore_index", "label_smoothing"]) if (a.kw.has(k)) given[k] = optionOf(a.kw.get(k)!);
    return report(ctx, out, [v[0] as PTensor, v[2] as PTensor], given, a);
  });
}

function optionOf(v: Value): OptionValue {
  if (isTensor(v)) return toOption(v, undefined, "weight");
  if (v.t === "int" || v.t === "float" || v.t === "bool" || v.t === "str") return v.v;
  return null;
}

/** nn.LinearCrossEntropyLoss(in_features, num_classes, *, out_features=(), bias=False, device=None, dtype=None, ...). */
export function linearCrossEntropyClass(ctx: Ctx): Value {
  if (!torchBehaviour(ctx.engine.pytorch).linearCrossEntropy) {
    throw new PyError("AttributeError", `module 'torch.nn' has no attribute '${CLASS}'`);
  }
  const record = getLoss(CLASS)!;
  return builtin(`nn.${CLASS}`, (a) => {
    const owner = `${CLASS}.__init__()`;
    const positional = record.params.filter((p) => !p.keywordOnly).map((p) => p.name);
    if (a.pos.length > positional.length) throw new PyError("TypeError", `${owner} takes ${positional.length + 1} positional arguments but ${a.pos.length + 1} were given`);
    const args = new Map<string, Value>();
    a.pos.forEach((v, i) => args.set(positional[i], v));
    for (const [k, v] of a.kw) {
      if (!record.params.some((p) => p.name === k)) throw new PyError("TypeError", `${owner} got an unexpected keyword argument '${k}'`);
      if (args.has(k)) throw new PyError("TypeError", `${owner} got multiple values for argument '${k}'`);
      args.set(k, v);
    }
    const absent = positional.filter((n) => !args.has(n));
    if (absent.length) throw missingArguments(owner, absent);
    const classes = toInt(args.get("num_classes")!, "num_classes");
    const weight = args.get("weight") ?? NONE;
    if (!isNone(weight)) {
      const shape = needTensor(weight, "shape").shape;
      if (intTupleRepr(shape) !== intTupleRepr([classes])) throw new PyError("RuntimeError", `expected weight shape to be ${intTupleRepr([classes])}, got ${intTupleRepr(shape)}`);
    }
    const ls = args.get("label_smoothing") ?? float(0);
    const smoothing = toNumber(ls, "label_smoothing");
    if (smoothing < 0 || smoothing > 1) {
      throw new PyError("RuntimeError", `expected label_smoothing to be in range [0, 1], got ${isTensor(ls) ? String(smoothing) : ls.t === "float" ? floatRepr(smoothing) : String(smoothing)}`);
    }
    const outFeatures = shapeArg(args.get("out_features"));
    const inF = toInt(args.get("in_features")!, "in_features");
    const biasArg = args.get("bias");
    const bias = !!biasArg && !isTensor(biasArg) && biasArg.t === "bool" && biasArg.v;
    const dev = args.get("device");
    if (!isNone(dev) && !(!isTensor(dev!) && dev!.t === "str" && dev!.v === "cpu")) throw new Unsupported(`nn.${CLASS} with device=${typeName(dev!)}`);
    const linear = linearLayer(ctx, inF, outFeatures.reduce((p, d) => p * d, classes), bias, dtypeOf(args.get("dtype")) ?? "float32");
    // The module's own attributes (_WeightedLoss keeps reduction unchecked until the call, as PyTorch does).
    const red = args.get("reduction");
    const options: Record<string, OptionValue> = {
      num_classes: classes,
      reduction: red && !isTensor(red) && red.t === "str" ? red.v : "mean",
      weight: isNone(weight) ? null : optionOf(weight),
      ignore_index: isNone(args.get("ignore_index")) ? null : toInt(args.get("ignore_index")!, "ignore_index"),
      label_smoothing: smoothing,
      options: null,
    };
    if (!isNone(args.get("options"))) options.options = "given";
    const given: Record<string, OptionValue> = {};
    for (const [k, v] of args) if (k !== "out_features" && k !== "device" && k !== "dtype") given[k] = optionOf(v);
    return { t: "criterion", record, options, given, span: a.span, module: { linear, outFeatures } };
  });
}

function shapeArg(v: Value | undefined): number[] {
  if (isNone(v) || !v) return [];
  if (!isTensor(v) && (v.t === "tuple" || v.t === "list")) return v.items.map((d) => toInt(d, "out_features"));
  if (!isTensor(v) && v.t === "numlist" && v.shape.length === 1) return Array.from(v.data, (d) => Math.trunc(d));
  throw new PyError("TypeError", `'${typeName(v)}' object is not iterable`);
}

/** criterion(input, target) / criterion.forward(...) on an nn.LinearCrossEntropyLoss. */
export function callLinearCrossEntropy(ctx: Ctx, m: Extract<Value, { t: "criterion" }> & { module: LceModule }, a: Args): Value {
  const fname = `${CLASS}.forward()`;
  if (a.pos.length > 2) throw new PyError("TypeError", `${fname} takes 3 positional arguments but ${a.pos.length + 1} were given`);
  const v = bindInputs(fname, ["input", "target"], [], a);
  const { linear, outFeatures } = m.module;
  const classes = Number(m.options.num_classes);
  const lw = linear.params!.get("weight")!;
  const lb = linear.params!.get("bias");
  // forward(): self.linear.weight.reshape((num_classes, *out_features, in_features)), the bias likewise.
  const weight = T.reshape(lw, [classes, ...outFeatures, lw.shape[1]]);
  const bias = lb ? T.reshape(lb, [classes, ...outFeatures]) : null;
  const o = m.options;
  const opts: LceOptions = {
    bias: bias ?? NONE,
    weight: o.weight === null || o.weight === undefined ? NONE : (o.weight as PTensor),
    reduction: { t: "str", v: String(o.reduction) },
    ignoreIndex: o.ignore_index === null ? NONE : int(Number(o.ignore_index)),
    labelSmoothing: float(Number(o.label_smoothing)),
    options: o.options === null ? NONE : { t: "opaque", what: "LinearCrossEntropyOptions" },
  };
  const spans: [Span, Span] = [a.kwSpans.get("input") ?? a.posSpans[0] ?? a.span, a.kwSpans.get("target") ?? a.posSpans[1] ?? a.span];
  const out = compute(ctx, v[0], weight, v[1], opts, a, spans, new Map());
  const shown: Record<string, OptionValue> = { in_features: lw.shape[1], num_classes: classes, ...m.given };
  delete shown.options;
  return report(ctx, out, [v[0] as PTensor, v[1] as PTensor], shown, a);
}
