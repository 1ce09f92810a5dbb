// F.layer_norm / group_norm / instance_norm / batch_norm and nn.LayerNorm, GroupNorm, InstanceNorm1d / 2d,
// BatchNorm1d / 2d: their arguments, the modules' parameters (ones / zeros) and buffers as PyTorch registers them
// (running_mean, running_var, num_batches_tracked), their train / eval state and repr (2.x adds bias=). The
// forward paths follow torch/nn/modules/{normalization,batchnorm,instancenorm}.py and F; tensor/ computes.
import { PyError } from "../errors";
import { floatRepr } from "../numfmt";
import * as T from "../tensor";
import { isTensor, type PTensor } from "../tensor";
import { evalTorch } from "../version";
import { int, NONE, type Value } from "../values";
import { boolArg, builtin, dtypeOf, isNone, kw, listItems, tensorArg, toInt, toNumber } from "./args";
import { parameter } from "./params";

type Layer = Extract<Value, { t: "layer" }>;

const optTensor = (v: Value | undefined, fn: string, pos: number, name: string): PTensor | null => (isNone(v) ? null : tensorArg(v, fn, pos, name));
const num = (v: Value | undefined, d: number): number => (isNone(v) ? d : toNumber(v!));
const torchSize = (shape: number[]) => `torch.Size([${shape.join(", ")}])`;

function shapeArg(v: Value | undefined): number[] {
  if (isNone(v)) throw new PyError("TypeError", "layer_norm() missing 1 required positional argument: 'normalized_shape'");
  if (!isTensor(v!) && (v!.t === "tuple" || v!.t === "list" || v!.t === "numlist")) return listItems(v!).map((x) => toInt(x, "normalized_shape"));
  return [toInt(v!, "normalized_shape")];
}

/** F.batch_norm's _verify_batch_size in training. */
function verifyBatch(x: PTensor): void {
  const n = x.shape[0] * x.shape.slice(2).reduce((p, q) => p * q, 1);
  if (x.ndim >= 2 && n === 1) throw new PyError("ValueError", `Expected more than 1 value per channel when training, got input size ${torchSize(x.shape)}`);
}

function batchNormCall(x: PTensor, rm: PTensor | null, rv: PTensor | null, w: PTensor | null, b: PTensor | null, training: boolean, momentum: number, eps: number): PTensor {
  if (training) verifyBatch(x);
  return T.batchNorm(x, rm, rv, w, b, { training, momentum, eps });
}

/** at::instance_norm: the input seen as one sample of N · C channels, batch-normalized, viewed back. */
function instanceNormCall(x: PTensor, rm: PTensor | null, rv: PTensor | null, w: PTensor | null, b: PTensor | null, useInputStats: boolean, momentum: number, eps: number): PTensor {
  if (useInputStats && x.shape.slice(2).reduce((p, q) => p * q, 1) === 1) {
    throw new PyError("ValueError", `Expected more than 1 spatial element when training, got input size ${torchSize(x.shape)}`);
  }
  const [n, c] = x.shape;
  const rep = (t: PTensor | null) => (t ? T.repeat(t, [n]) : null);
  const rmR = rm ? T.withNoGrad(() => T.repeat(rm, [n])) : null;
  const rvR = rv ? T.withNoGrad(() => T.repeat(rv, [n])) : null;
  const out = T.batchNorm(T.reshape(x, [1, n * c, ...x.shape.slice(2)]), rmR, rvR, rep(w), rep(b), { training: useInputStats, momentum, eps });
  T.withNoGrad(() => {
    if (rm && rmR) rm.data.set(T.mean(T.reshape(rmR, [n, c]), 0).data);
    if (rv && rvR) rv.data.set(T.mean(T.reshape(rvR, [n, c]), 0).data);
  });
  return T.reshape(out, x.shape.slice());
}

/** F.layer_norm / group_norm / instance_norm / batch_norm, or undefined. */
export function normFunction(name: string): Value | undefined {
  switch (name) {
    case "layer_norm":
      return builtin("F.layer_norm", (a) => {
        const x = tensorArg(kw(a, "input", 0), "layer_norm");
        return T.layerNorm(x, shapeArg(kw(a, "normalized_shape", 1)), optTensor(kw(a, "weight", 2), "layer_norm", 3, "weight"), optTensor(kw(a, "bias", 3), "layer_norm", 4, "bias"), num(kw(a, "eps", 4), 1e-5));
      });
    case "group_norm":
      return builtin("F.group_norm", (a) => {
        const x = tensorArg(kw(a, "input", 0), "group_norm");
        const g = toInt(kw(a, "num_groups", 1) ?? NONE, "num_groups");
        // F.group_norm's _verify_batch_size on [N · C / G, G, *spatial] (2.x first checks the dims itself).
        if (x.ndim < 2 && evalTorch().normKernels === "2.x") throw new PyError("RuntimeError", `Expected at least 2 dimensions for input tensor but received ${x.ndim}`);
        if (x.ndim < 2) throw new PyError("IndexError", `Dimension out of range (expected to be in range of [${-Math.max(x.ndim, 1)}, ${Math.max(x.ndim, 1) - 1}], but got 1)`);
        const size = [Math.floor((x.shape[0] * x.shape[1]) / g), g, ...x.shape.slice(2)];
        if (size[0] * size.slice(2).reduce((p, q) => p * q, 1) === 1) throw new PyError("ValueError", `Expected more than 1 value per channel when training, got input size [${size.join(", ")}]`);
        return T.groupNorm(x, g, optTensor(kw(a, "weight", 2), "group_norm", 3, "weight"), optTensor(kw(a, "bias", 3), "group_norm", 4, "bias"), num(kw(a, "eps", 4), 1e-5));
      });
    case "batch_norm":
      return builtin("F.batch_norm", (a) => {
        const x = tensorArg(kw(a, "input", 0), "batch_norm");
        const f = (k: string, p: number) => optTensor(kw(a, k, p), "batch_norm", p + 1, k);
        const training = isNone(kw(a, "training", 5)) ? false : boolArg(kw(a, "training", 5));
        return batchNormCall(x, f("running_mean", 1), f("running_var", 2), f("weight", 3), f("bias", 4), training, num(kw(a, "momentum", 6), 0.1), num(kw(a, "eps", 7), 1e-5));
      });
    case "instance_norm":
      return builtin("F.instance_norm", (a) => {
        const x = tensorArg(kw(a, "input", 0), "instance_norm");
        const f = (k: string, p: number) => optTensor(kw(a, k, p), "instance_norm", p + 1, k);
        const use = isNone(kw(a, "use_input_stats", 5)) ? true : boolArg(kw(a, "use_input_stats", 5));
        return instanceNormCall(x, f("running_mean", 1), f("running_var", 2), f("weight", 3), f("bias", 4), use, num(kw(a, "momentum", 6), 0.1), num(kw(a, "eps", 7), 1e-5));
      });
  }
  return undefined;
}

export const NORM_MODULES = new Set(["LayerNorm", "GroupNorm", "BatchNorm1d", "BatchNorm2d", "InstanceNorm1d", "InstanceNorm2d"]);

const flag = (v: Value | undefined, d: boolean) => (isNone(v) ? d : boolArg(v));
const pyBool = (b: boolean) => (b ? "True" : "False");

/** An affine pair: weight ones, bias zeros (bias=False in 2.x leaves it out). */
function affine(params: Map<string, PTensor>, n: number[], dtype: T.TDtype, bias: boolean): void {
  params.set("weight", parameter(T.full(n, 1, dtype), () => undefined, true));
  if (bias) params.set("bias", parameter(T.full(n, 0, dtype), () => undefined, true));
}

/** nn.LayerNorm / GroupNorm / BatchNorm1d / 2d / InstanceNorm1d / 2d, or undefined. */
export function normModule(name: string): Value | undefined {
  if (!NORM_MODULES.has(name)) return undefined;
  return builtin(`nn.${name}`, (a): Value => {
    const dtype = dtypeOf(a.kw.get("dtype")) ?? "float32";
    const newer = evalTorch().normKernels === "2.x";
    if (!newer && a.kw.has("bias")) throw new PyError("TypeError", `__init__() got an unexpected keyword argument 'bias'`);
    const params = new Map<string, PTensor>();
    const buffers = new Map<string, PTensor>();
    if (name === "LayerNorm") {
      const shape = shapeArg(kw(a, "normalized_shape", 0));
      const eps = num(kw(a, "eps", 1), 1e-5);
      const aff = flag(kw(a, "elementwise_affine", 2), true);
      const bias = flag(kw(a, "bias", 3), true);
      if (aff) affine(params, shape, dtype, bias);
      const shown = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
      const repr = `LayerNorm(${shown}, eps=${floatRepr(eps)}, elementwise_affine=${pyBool(aff)}${newer ? `, bias=${pyBool(aff && bias)}` : ""})`;
      const kwargs = new Map<string, Value>([["normalized_shape", { t: "tuple", items: shape.map(int) }]]);
      return { t: "layer", kind: name, dim: null, params, kwargs, repr, training: true, config: { eps, elementwise_affine: aff } };
    }
    if (name === "GroupNorm") {
      const g = toInt(kw(a, "num_groups", 0) ?? NONE, "num_groups");
      const c = toInt(kw(a, "num_channels", 1) ?? NONE, "num_channels");
      const eps = num(kw(a, "eps", 2), 1e-5);
      const aff = flag(kw(a, "affine", 3), true);
      const bias = flag(a.kw.get("bias"), true);
      if (c % g !== 0) throw new PyError("ValueError", newer ? `num_channels (${c}) must be divisible by num_groups (${g})` : "num_channels must be divisible by num_groups");
      if (aff) affine(params, [c], dtype, bias);
      const repr = `GroupNorm(${g}, ${c}, eps=${floatRepr(eps)}, affine=${pyBool(aff)}${newer ? `, bias=${pyBool(aff && bias)}` : ""})`;
      return { t: "layer", kind: name, dim: null, params, repr, training: true, config: { num_groups: g, num_channels: c, eps, affine: aff } };
    }
    const batch = name.startsWith("Batch");
    const c = toInt(kw(a, "num_features", 0) ?? NONE, "num_features");
    const eps = num(kw(a, "eps", 1), 1e-5);
    const momV = kw(a, "momentum", 2);
    const momentum = momV && !isTensor(momV) && momV.t === "none" ? null : num(momV, 0.1);
    const aff = flag(kw(a, "affine", 3), batch);
    const track = flag(kw(a, "track_running_stats", 4), batch);
    const bias = flag(a.kw.get("bias"), true);
    if (aff) affine(params, [c], dtype, bias);
    if (track) {
      buffers.set("running_mean", T.full([c], 0, dtype));
      buffers.set("running_var", T.full([c], 1, dtype));
      buffers.set("num_batches_tracked", T.full([], 0, "int64"));
    }
    const mom = momentum === null ? "None" : floatRepr(momentum);
    const repr = `${name}(${c}, eps=${floatRepr(eps)}, momentum=${mom}, affine=${pyBool(aff)}${newer ? `, bias=${pyBool(aff && bias)}` : ""}, track_running_stats=${pyBool(track)})`;
    const config: Record<string, number | boolean> = { num_features: c, eps, affine: aff, track_running_stats: track };
    if (momentum !== null) config.momentum = momentum;
    return { t: "layer", kind: name, dim: null, params, buffers, repr, training: true, config };
  });
}

/** A module's attribute beyond its parameters, buffers and config (momentum=None, normalized_shape), or undefined. */
export function normModuleAttr(m: Layer, name: string): Value | undefined {
  if (!NORM_MODULES.has(m.kind)) return undefined;
  if (name === "momentum" && m.config && !("momentum" in m.config) && m.kind !== "LayerNorm" && m.kind !== "GroupNorm") return NONE;
  if (name === "normalized_shape") return m.kwargs?.get("normalized_shape");
  if ((name === "running_mean" || name === "running_var" || name === "num_batches_tracked") && !m.kind.startsWith("Layer") && !m.kind.startsWith("Group")) return NONE;
  return undefined;
}

/** Calling a normalization module on x. */
export function callNormModule(m: Layer, x: PTensor): Value {
  const cfg = m.config ?? {};
  const p = (k: string) => m.params?.get(k) ?? null;
  const eps = Number(cfg.eps ?? 1e-5);
  if (m.kind === "LayerNorm") {
    const shape = listItems(m.kwargs!.get("normalized_shape")!).map((v) => toInt(v));
    return T.layerNorm(x, shape, p("weight"), p("bias"), eps);
  }
  if (m.kind === "GroupNorm") return T.groupNorm(x, Number(cfg.num_groups), p("weight"), p("bias"), eps);
  const training = m.training !== false;
  const buf = (k: string) => m.buffers?.get(k) ?? null;
  const momentum = "momentum" in cfg ? Number(cfg.momentum) : null;
  const track = cfg.track_running_stats === true;
  if (m.kind.startsWith("Batch")) {
    const want = m.kind === "BatchNorm2d" ? [4] : [2, 3];
    if (!want.includes(x.ndim)) throw new PyError("ValueError", `expected ${m.kind === "BatchNorm2d" ? "4D" : "2D or 3D"} input (got ${x.ndim}D input)`);
    let factor = momentum ?? 0;
    const nbt = buf("num_batches_tracked");
    if (training && track && nbt) {
      nbt.data[0] += 1;
      factor = momentum === null ? 1 / nbt.data[0] : momentum;
    }
    const bnTraining = training || (!buf("running_mean") && !buf("running_var"));
    const useStats = !training || track;
    return batchNormCall(x, useStats ? buf("running_mean") : null, useStats ? buf("running_var") : null, p("weight"), p("bias"), bnTraining, factor, eps);
  }
  // InstanceNorm1d / 2d: an unbatched input gets a batch of one.
  const noBatch = m.kind === "InstanceNorm1d" ? 2 : 3;
  if (x.ndim !== noBatch && x.ndim !== noBatch + 1) throw new PyError("ValueError", `expected ${noBatch}D or ${noBatch + 1}D input (got ${x.ndim}D input)`);
  const xs = x.ndim === noBatch ? T.unsqueeze(x, 0) : x;
  const out = instanceNormCall(xs, buf("running_mean"), buf("running_var"), p("weight"), p("bias"), training || !track, momentum ?? 0.1, eps);
  return x.ndim === noBatch ? T.squeeze(out, 0) : out;
}

