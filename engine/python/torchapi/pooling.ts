// F.max_pool1d / max_pool2d, F.adaptive_avg_pool2d / adaptive_max_pool2d, F.interpolate (and the deprecated
// F.upsample*), their nn modules (MaxPool1d / 2d, AdaptiveAvgPool2d / AdaptiveMaxPool2d, Upsample,
// UpsamplingNearest2d / UpsamplingBilinear2d): torch/nn/functional.py's argument handling and checks, then
// tensor/maxpool.ts and tensor/resize.ts.
import { warningIn } from "../../api/versions";
import { PyError, Unsupported, type Span } from "../errors";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { notImplemented } from "../tensor/maxpool";
import { evalTorch, versionedError } from "../version";
import { hasOwn, NONE, repr, toStr, type Args, type Value } from "../values";
import { builtin, boolArg, isNone, kw, listItems, moduleKwargs, tensorArg, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";

const isSeq = (v: Value | undefined): v is Extract<Value, { t: "tuple" | "list" | "numlist" }> => !!v && !isTensor(v) && (v.t === "tuple" || v.t === "list" || v.t === "numlist");

/** An int list argument of an ATen pooling op: PyTorch's TypeError for a float or bool, else its ints. */
function ints(v: Value, fn: string, name: string, pos: number): number[] {
  const bad = (x: Value) => !isTensor(x) && (x.t === "float" || x.t === "bool");
  const items = isSeq(v) ? listItems(v) : [v];
  const wrong = items.find(bad);
  if (wrong && !isTensor(wrong)) throw new PyError("TypeError", `${fn}(): argument '${name}' (position ${pos}) must be tuple of ints, not ${wrong.t === "bool" ? "bool" : "float"}`);
  return items.map((x) => toInt(x, name));
}

/** A max pool's kernel_size / stride / padding / dilation, checked as max_pool2d checks their lengths. */
function poolArgs(a: Args, fn: string, dims: 1 | 2): { k: number[]; s: number[]; p: number[]; d: number[]; ceil: boolean } {
  const k = ints(kw(a, "kernel_size", 1) ?? NONE, fn, "kernel_size", 2);
  const sv = kw(a, "stride", 2);
  const s = isNone(sv) ? [] : ints(sv!, fn, "stride", 3);
  const p = ints(kw(a, "padding", 3) ?? { t: "int", v: 0 }, fn, "padding", 4);
  const d = ints(kw(a, "dilation", 4) ?? { t: "int", v: 1 }, fn, "dilation", 5);
  const ceil = boolArg(kw(a, "ceil_mode", 5));
  if (dims === 2) {
    const two = (xs: number[], what: string, empty = false) => {
      if (!(xs.length === 1 || xs.length === 2 || (empty && xs.length === 0))) throw new PyError("RuntimeError", `max_pool2d: ${what}`);
    };
    two(k, "kernel_size must either be a single int, or a tuple of two ints");
    two(s, "stride must either be omitted, a single int, or a tuple of two ints", true);
    two(p, "padding must either be a single int, or a tuple of two ints");
    two(d, "dilation must be either a single int, or a tuple of two ints");
  } else {
    for (const [xs, what] of [[k, "kernel_size must be an int, list of ints or tuple of ints"], [p, "padding must be an int, list of ints, or tuple of ints"], [d, "dilation must be an int, list of ints or tuple of ints"]] as const) {
      if (xs.length !== 1) throw new PyError("RuntimeError", `max_pool1d() ${what} of size 1 but got size ${xs.length}`);
    }
    if (s.length > 1) throw new PyError("RuntimeError", `max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got size ${s.length}`);
  }
  return { k, s: s.length ? s : k, p, d, ceil };
}

const pair = (xs: number[]): [number, number] => [xs[0], xs[1] ?? xs[0]];

function maxPool2d(a: Args): Value {
  const x = tensorArg(kw(a, "input", 0), "max_pool2d");
  const o = poolArgs(a, "max_pool2d", 2);
  const [out, idx] = T.maxPool2d(x, { kernel: pair(o.k), stride: pair(o.s), padding: pair(o.p), dilation: pair(o.d), ceilMode: o.ceil });
  return boolArg(kw(a, "return_indices", 6)) ? { t: "tuple", items: [out, idx] } : out;
}

function maxPool1d(a: Args): Value {
  const x = tensorArg(kw(a, "input", 0), "max_pool1d");
  const o = poolArgs(a, "max_pool1d", 1);
  const withIndices = boolArg(kw(a, "return_indices", 6));
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new PyError("RuntimeError", `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[${x.shape.join(", ")}]`);
  }
  if (!withIndices && !x.requiresGrad) {
    // max_pool1d's own CPU kernel (check_max_pool1d), for inputs that need no indices.
    const [k, s, p, d] = [o.k[0], o.s[0], o.p[0], o.d[0]];
    if (k <= 0) throw new PyError("RuntimeError", `max_pool1d() kernel_size must be greater than zero, but got ${k}`);
    if (s <= 0) throw new PyError("RuntimeError", `max_pool1d() stride must be greater than zero, but got ${s}`);
    if (p < 0) throw new PyError("RuntimeError", `max_pool1d() padding must be non-negative, but got ${p}`);
    if (p > Math.trunc(k / 2)) throw new PyError("RuntimeError", `max_pool1d() padding should be at most half of kernel size, but got padding=${p} and kernel_size=${k}`);
    if (d <= 0) throw new PyError("RuntimeError", `max_pool1d() dilation must be greater than zero, but got ${d}`);
    let ow = Math.floor((x.shape[x.ndim - 1] + 2 * p - d * (k - 1) - 1 + (o.ceil ? s - 1 : 0)) / s) + 1;
    if (o.ceil && (ow - 1) * s >= x.shape[x.ndim - 1] + p) ow--;
    if (ow < evalTorch().maxPool1dMinOutput) throw new PyError("RuntimeError", `max_pool1d() Invalid computed output size: ${ow}`);
    if (!x.isFloat) throw notImplemented("max_pool1d_impl", x.dtype);
    if (ow === 0) return new PTensor(x.dtype, [...x.shape.slice(0, -1), 0], T.storage(x.dtype, 0));
  }
  // max_pool1d_with_indices: max_pool2d_with_indices on x.unsqueeze(-2), squeezed back.
  const [out, idx] = T.maxPool2d(T.unsqueeze(x, -2), { kernel: [1, o.k[0]], stride: [1, o.s[0]], padding: [0, o.p[0]], dilation: [1, o.d[0]], ceilMode: o.ceil });
  const values = T.squeeze(out, -2);
  return withIndices ? { t: "tuple", items: [values, T.squeeze(idx, -2)] } : values;
}

/** _list_with_default: an int stays, a list takes the input's trailing sizes for its None entries. */
function adaptiveSize(v: Value | undefined, x: PTensor): [number, number] | number[] {
  const o = v ?? NONE;
  if (!isTensor(o) && (o.t === "int" || o.t === "bool")) return [toInt(o), toInt(o)];
  if (isTensor(o)) return [toInt(o), toInt(o)];
  if (!isSeq(o)) throw new PyError("TypeError", `object of type '${o.t === "none" ? "NoneType" : o.t}' has no len()`);
  const items = listItems(o);
  if (x.ndim <= items.length) throw new PyError("ValueError", `Input dimension should be at least ${items.length + 1}`);
  const sizes = x.shape.slice(x.ndim - items.length);
  return items.map((it, i) => (isNone(it) ? sizes[i] : toInt(it, "output_size")));
}

function adaptiveAvgPool2d(a: Args): Value {
  const x = tensorArg(kw(a, "input", 0), "adaptive_avg_pool2d");
  const size = adaptiveSize(kw(a, "output_size", 1), x);
  if (size.length !== 2) throw new PyError("RuntimeError", "adaptive_avg_pool2d: output_size must be 2");
  if (size[0] < 0 || size[1] < 0) {
    throw new PyError("RuntimeError", `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${size[0]}, ${size[1]}}`);
  }
  // ATen's shortcut for a 1 x 1 output: the mean over the last two dims (MeanBackward1).
  if (size[0] === 1 && size[1] === 1) return T.reduceDims(x, [-1, -2], true, "mean");
  return T.adaptiveAvgPool2d(x, size[0], size[1]);
}

function adaptiveMaxPool2d(a: Args): Value {
  const x = tensorArg(kw(a, "input", 0), "adaptive_max_pool2d");
  const size = adaptiveSize(kw(a, "output_size", 1), x);
  if (size.length !== 2) throw new PyError("RuntimeError", "adaptive_max_pool2d(): internal error: output_size.size() must be 2");
  const [out, idx] = T.adaptiveMaxPool2d(x, size[0], size[1]);
  return boolArg(kw(a, "return_indices", 2)) ? { t: "tuple", items: [out, idx] } : out;
}

const MODES = ["nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact"];

/** F.interpolate, as torch/nn/functional.py checks its arguments and picks the ATen op. */
function interpolate(x: PTensor, sizeV: Value, sfV: Value, mode: string, alignV: Value, recomputeV: Value, antialias: boolean): PTensor {
  const seqRepr = (v: Value) => repr(v);
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (!isNone(alignV)) throw new PyError("ValueError", "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  }
  const align = boolArg(alignV);
  const dim = x.ndim - 2;
  const spatial = `[${x.shape.slice(2).join(", ")}]`;
  let out: number[] | null = null;
  let scales: (number | null)[] = [];
  if (!isNone(sizeV) && !isNone(sfV)) throw new PyError("ValueError", "only one of size or scale_factor should be defined");
  if (!isNone(sizeV)) {
    if (isSeq(sizeV)) {
      const items = listItems(sizeV);
      if (items.length !== dim) {
        throw new PyError("ValueError", `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatial} and output size of ${seqRepr(sizeV)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
      }
      if (items.some((v) => isTensor(v) || v.t !== "int")) throw new Unsupported("F.interpolate with a size that is not a sequence of ints");
      out = items.map((v) => toInt(v));
    } else {
      if (!isTensor(sizeV) && sizeV.t !== "int") throw new Unsupported("F.interpolate with a size that is not an int");
      out = Array.from({ length: Math.max(dim, 0) }, () => toInt(sizeV));
    }
    scales = out.map(() => null);
  } else if (!isNone(sfV)) {
    if (isSeq(sfV)) {
      const items = listItems(sfV);
      if (items.length !== dim) {
        throw new PyError("ValueError", `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatial} and scale_factor of shape ${seqRepr(sfV)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
      }
      if (items.some((v) => isTensor(v))) throw new Unsupported("F.interpolate with tensors in scale_factor");
      scales = items.map((v) => toNumber(v, "scale_factor"));
    } else {
      if (isTensor(sfV)) throw new Unsupported("F.interpolate with a tensor scale_factor");
      scales = Array.from({ length: Math.max(dim, 0) }, () => toNumber(sfV, "scale_factor"));
    }
  } else throw new PyError("ValueError", "either size or scale_factor should be defined");
  const recompute = boolArg(recomputeV);
  if (recompute && !isNone(sizeV)) throw new PyError("ValueError", "recompute_scale_factor is not meaningful with an explicit size.");
  if (out === null) {
    // ATen's compute_output_size (or Python's, recomputing): the spatial size times the factor, truncated.
    out = scales.map((s, i) => Math.trunc(x.shape[i + 2] * (s as number)));
    if (recompute || mode === "area") scales = scales.map(() => null);
  }
  if (antialias && !((mode === "bilinear" || mode === "bicubic") && x.ndim === 4)) {
    throw versionedError("ValueError", "Anti-alias option is only supported for bilinear and bicubic modes");
  }
  if (antialias) throw new Unsupported(`F.interpolate with mode='${mode}' and antialias=True`);
  const need: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };
  if ((mode === "nearest" && (x.ndim === 3 || x.ndim === 4)) || (mode === "linear" && x.ndim === 3) || (mode === "bilinear" && x.ndim === 4)) {
    return T.upsample(x, mode, out, scales, align);
  }
  if (mode === "area" && x.ndim === 4) {
    if (out[0] < 0 || out[1] < 0) throw new PyError("RuntimeError", `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${out[0]}, ${out[1]}}`);
    return out[0] === 1 && out[1] === 1 ? T.reduceDims(x, [-1, -2], true, "mean") : T.adaptiveAvgPool2d(x, out[0], out[1]);
  }
  if (x.ndim >= 3 && x.ndim <= 5 && MODES.includes(mode)) {
    if (hasOwn(need, mode) && need[mode] !== x.ndim) throw new PyError("NotImplementedError", `Got ${x.ndim}D input, but ${mode} mode needs ${need[mode]}D input`);
    throw new Unsupported(`F.interpolate with mode='${mode}'`);
  }
  throw versionedError("NotImplementedError", `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${x.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
}

function strArg(v: Value | undefined, dflt: string): string {
  return isNone(v) ? dflt : !isTensor(v!) && v!.t === "str" ? v!.v : dflt;
}

function interpolateCall(a: Args, name = "interpolate", mode?: string, align?: Value): Value {
  const x = tensorArg(kw(a, "input", 0), name);
  const m = mode ?? strArg(kw(a, "mode", 3), "nearest");
  return interpolate(x, kw(a, "size", 1) ?? NONE, kw(a, "scale_factor", 2) ?? NONE, m, align ?? kw(a, "align_corners", 4) ?? NONE, mode ? NONE : (kw(a, "recompute_scale_factor", 5) ?? NONE), mode ? false : boolArg(kw(a, "antialias", 6)));
}

/** The F.* functions of this module; ctx for the deprecation warnings of F.upsample*. */
export function poolingFunction(name: string, ctx: Ctx): Value | undefined {
  const deprecated = (fn: string, f: (a: Args) => Value) =>
    builtin(`F.${fn}`, (a) => {
      ctx.warn(`UserWarning: ${warningIn(ctx.engine.pytorch, `nn.functional.${fn} is deprecated. Use nn.functional.interpolate instead.`)}`, a.span);
      return f(a);
    });
  switch (name) {
    case "max_pool2d":
      return builtin("F.max_pool2d", maxPool2d);
    case "max_pool1d":
      return builtin("F.max_pool1d", maxPool1d);
    case "adaptive_avg_pool2d":
      return builtin("F.adaptive_avg_pool2d", adaptiveAvgPool2d);
    case "adaptive_max_pool2d":
      return builtin("F.adaptive_max_pool2d", adaptiveMaxPool2d);
    case "interpolate":
      return builtin("F.interpolate", (a) => interpolateCall(a));
    case "upsample":
      return deprecated("upsample", (a) => interpolateCall(a, "upsample"));
    case "upsample_nearest":
      return deprecated("upsample_nearest", (a) => interpolateCall(a, "upsample_nearest", "nearest"));
    case "upsample_bilinear":
      return deprecated("upsample_bilinear", (a) => interpolateCall(a, "upsample_bilinear", "bilinear", { t: "bool", v: true }));
  }
  return undefined;
}

/** The modules: constructor parameters in order, and their repr. */
const MODULES: Record<string, { owner: string; params: string[] }> = {
  MaxPool1d: { owner: "_MaxPoolNd", params: ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"] },
  MaxPool2d: { owner: "_MaxPoolNd", params: ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"] },
  AdaptiveAvgPool2d: { owner: "_AdaptiveAvgPoolNd", params: ["output_size"] },
  AdaptiveMaxPool2d: { owner: "_AdaptiveMaxPoolNd", params: ["output_size", "return_indices"] },
  Upsample: { owner: "Upsample", params: ["size", "scale_factor", "mode", "align_corners", "recompute_scale_factor"] },
  UpsamplingNearest2d: { owner: "UpsamplingNearest2d", params: ["size", "scale_factor"] },
  UpsamplingBilinear2d: { owner: "UpsamplingBilinear2d", params: ["size", "scale_factor"] },
};

function moduleRepr(name: string, k: Map<string, Value>): string {
  const get = (p: string, d: Value) => k.get(p) ?? d;
  const int = (v: number): Value => ({ t: "int", v });
  if (name.startsWith("MaxPool")) {
    const ks = get("kernel_size", NONE);
    const st = isNone(k.get("stride")) ? ks : k.get("stride")!;
    return `${name}(kernel_size=${toStr(ks)}, stride=${toStr(st)}, padding=${toStr(get("padding", int(0)))}, dilation=${toStr(get("dilation", int(1)))}, ceil_mode=${toStr(get("ceil_mode", { t: "bool", v: false }))})`;
  }
  if (name.startsWith("Adaptive")) return `${name}(output_size=${toStr(get("output_size", NONE))})`;
  // Upsample keeps scale_factor as float(s) (None when falsy); 2.x writes the values with repr, 1.13 with str.
  const show = evalTorch().upsampleRepr === "str" ? toStr : repr;
  const sf = scaleFactor(k.get("scale_factor"));
  const mode = name === "UpsamplingNearest2d" ? "nearest" : name === "UpsamplingBilinear2d" ? "bilinear" : strArg(k.get("mode"), "nearest");
  const info = isNone(sf) ? `size=${show(get("size", NONE))}` : `scale_factor=${show(sf)}`;
  return `${name}(${info}, mode=${show({ t: "str", v: mode })})`;
}

function scaleFactor(v: Value | undefined): Value {
  if (isSeq(v) && v.t === "tuple") return { t: "tuple", items: listItems(v).map((x) => ({ t: "float", v: toNumber(x) })) };
  if (isNone(v) || (!isTensor(v!) && (isSeq(v) ? !listItems(v!).length : toNumber(v!) === 0))) return NONE;
  return isSeq(v) ? v! : { t: "float", v: toNumber(v!) };
}

export function poolingModule(name: string): Value | undefined {
  if (!hasOwn(MODULES, name)) return undefined;
  const { owner, params } = MODULES[name];
  return builtin(`nn.${name}`, (a) => {
    const kwargs = moduleKwargs(a, params, (_, v) => v !== undefined);
    const first = params[0];
    if ((name.startsWith("Max") || name.startsWith("Adaptive")) && !kwargs.has(first)) {
      throw new PyError("TypeError", `${owner}.__init__() missing 1 required positional argument: '${first}'`);
    }
    if (name.startsWith("Upsampling")) kwargs.set("mode", { t: "str", v: name === "UpsamplingNearest2d" ? "nearest" : "bilinear" });
    if (name === "UpsamplingBilinear2d") kwargs.set("align_corners", { t: "bool", v: true });
    return { t: "layer", kind: name, dim: null, kwargs, repr: moduleRepr(name, kwargs) };
  });
}

export function callPoolingModule(m: Extract<Value, { t: "layer" }>, x: PTensor, span: Span): Value {
  const k = m.kwargs ?? new Map<string, Value>();
  const args: Args = { pos: [x], kw: new Map(k), span, posSpans: [span], kwSpans: new Map() };
  switch (m.kind) {
    case "MaxPool1d":
      return maxPool1d(args);
    case "MaxPool2d":
      return maxPool2d(args);
    case "AdaptiveAvgPool2d":
      return adaptiveAvgPool2d(args);
    case "AdaptiveMaxPool2d":
      return adaptiveMaxPool2d(args);
  }
  const sf = scaleFactor(k.get("scale_factor"));
  return interpolate(x, k.get("size") ?? NONE, sf, strArg(k.get("mode"), "nearest"), k.get("align_corners") ?? NONE, k.get("recompute_scale_factor") ?? NONE, false);
}

export const POOLING_MODULES = new Set(Object.keys(MODULES));
