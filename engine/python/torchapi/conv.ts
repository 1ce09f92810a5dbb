// F.conv1d / F.conv2d and nn.Conv1d / nn.Conv2d: their arguments as PyTorch takes them (ints or tuples, padding
// 'valid' / 'same'), the modules' parameters from the seeded generator (reset_parameters: kaiming_uniform_ with
// a = sqrt(5), then the bias) and their repr. tensor/conv.ts computes.
import { PyError, Unsupported } from "../errors";
import * as T from "../tensor";
import { isTensor, type PTensor } from "../tensor";
import { fillUniform } from "../random";
import { NONE, type Args, type Value } from "../values";
import { boolArg, builtin, dtypeOf, isNone, kw, listItems, tensorArg, toInt } from "./args";
import type { Ctx } from "./ctx";
import { parameter } from "./params";

/** An int or a tuple of `n` ints (stride=2 or stride=(2, 1)). */
function ntuple(v: Value | undefined, n: number, name: string, dflt: number): number[] {
  if (isNone(v)) return new Array<number>(n).fill(dflt);
  if (!isTensor(v!) && (v!.t === "tuple" || v!.t === "list")) {
    const xs = listItems(v!).map((x) => toInt(x, name));
    if (xs.length === 1) return new Array<number>(n).fill(xs[0]);
    if (xs.length !== n) throw new PyError("RuntimeError", `expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${xs.join(", ")}]`);
    return xs;
  }
  return new Array<number>(n).fill(toInt(v!, name));
}

/** padding: ints, or 'valid' / 'same' (same: the total dilation * (k - 1), the odd one after, stride 1 only). */
function paddingOf(v: Value | undefined, n: number, kernel: number[], dilation: number[], stride: number[], err: "RuntimeError" | "ValueError"): { lo: number[]; hi: number[] } {
  if (!isNone(v) && !isTensor(v!) && v!.t === "str") {
    if (v!.v === "valid") return { lo: new Array<number>(n).fill(0), hi: new Array<number>(n).fill(0) };
    if (v!.v !== "same") throw new PyError(err, err === "ValueError" ? `Invalid padding string '${v!.v}', should be one of ['valid', 'same']` : `Invalid padding string: '${v!.v}'`);
    if (stride.some((s) => s !== 1)) throw new PyError(err, "padding='same' is not supported for strided convolutions");
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    return { lo: total.map((t) => Math.floor(t / 2)), hi: total.map((t) => t - Math.floor(t / 2)) };
  }
  const p = ntuple(v, n, "padding", 0);
  return { lo: p, hi: p };
}

/** F.conv{dims}d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1). */
function convCall(a: Args, dims: 1 | 2): PTensor {
  const fn = `conv${dims}d`;
  const x = tensorArg(kw(a, "input", 0), fn);
  const w = tensorArg(kw(a, "weight", 1), fn, 2, "weight");
  const bv = kw(a, "bias", 2);
  const b = isNone(bv) ? null : tensorArg(bv, fn, 3, "bias");
  const stride = ntuple(kw(a, "stride", 3), dims, "stride", 1);
  const dilation = ntuple(kw(a, "dilation", 5), dims, "dilation", 1);
  const groups = isNone(kw(a, "groups", 6)) ? 1 : toInt(kw(a, "groups", 6)!, "groups");
  const pad = paddingOf(kw(a, "padding", 4), dims, w.shape.slice(2), dilation, stride, "RuntimeError");
  if (stride.some((s) => s <= 0)) throw new PyError("RuntimeError", "non-positive stride is not supported");
  if (groups <= 0) throw new PyError("RuntimeError", "non-positive groups is not supported");
  return T.conv(x, w, b, { stride, padLo: pad.lo, padHi: pad.hi, dilation, groups }, dims);
}

/** F.conv1d / F.conv2d, or undefined. */
export function convFunction(name: string): Value | undefined {
  if (name === "conv1d") return builtin("F.conv1d", (a) => convCall(a, 1));
  if (name === "conv2d") return builtin("F.conv2d", (a) => convCall(a, 2));
  return undefined;
}

const tupleRepr = (xs: number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);

/** nn.Conv1d / nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 *  padding_mode='zeros', device=None, dtype=None). */
export function convModule(name: string, ctx: Ctx): Value | undefined {
  const dims = name === "Conv1d" ? 1 : name === "Conv2d" ? 2 : 0;
  if (!dims) return undefined;
  return builtin(`nn.${name}`, (a) => {
    const cin = toInt(kw(a, "in_channels", 0) ?? NONE, "in_channels");
    const cout = toInt(kw(a, "out_channels", 1) ?? NONE, "out_channels");
    const kernel = ntuple(kw(a, "kernel_size", 2), dims, "kernel_size", 0);
    const stride = ntuple(kw(a, "stride", 3), dims, "stride", 1);
    const padV = kw(a, "padding", 4);
    const dilation = ntuple(kw(a, "dilation", 5), dims, "dilation", 1);
    const groups = isNone(kw(a, "groups", 6)) ? 1 : toInt(kw(a, "groups", 6)!, "groups");
    const bias = isNone(kw(a, "bias", 7)) ? true : boolArg(kw(a, "bias", 7));
    const modeV = kw(a, "padding_mode", 8);
    const mode = isNone(modeV) ? "zeros" : !isTensor(modeV!) && modeV!.t === "str" ? modeV!.v : "";
    if (groups <= 0) throw new PyError("ValueError", "groups must be a positive integer");
    if (cin % groups !== 0) throw new PyError("ValueError", "in_channels must be divisible by groups");
    if (cout % groups !== 0) throw new PyError("ValueError", "out_channels must be divisible by groups");
    if (mode !== "zeros") {
      if (!["reflect", "replicate", "circular"].includes(mode)) throw new PyError("ValueError", `padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${mode}'`);
      throw new Unsupported(`nn.${name} with padding_mode='${mode}'`);
    }
    const pad = paddingOf(padV, dims, kernel, dilation, stride, "ValueError");
    const dtype = dtypeOf(a.kw.get("dtype")) ?? "float32";
    // reset_parameters: kaiming_uniform_(weight, a=sqrt(5)) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), then the bias.
    const fanIn = (cin / groups) * kernel.reduce((p, q) => p * q, 1);
    const bound = Math.sqrt(3.0) * (Math.sqrt(2.0 / (1 + 5)) / Math.sqrt(fanIn));
    const empty = fanIn === 0 || cout === 0;
    const params = new Map<string, PTensor>();
    params.set("weight", parameter(T.full([cout, cin / groups, ...kernel], 0, dtype), (d) => fillUniform(ctx.rng, d, -bound, bound), empty));
    if (bias) {
      const bb = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      params.set("bias", parameter(T.full([cout], 0, dtype), (d) => fillUniform(ctx.rng, d, -bb, bb), empty));
    }
    const padShown = !isNone(padV) && !isTensor(padV!) && padV!.t === "str" ? padV!.v : pad.lo.some((p) => p !== 0) ? tupleRepr(pad.lo) : "";
    let r = `${name}(${cin}, ${cout}, kernel_size=${tupleRepr(kernel)}, stride=${tupleRepr(stride)}`;
    if (padShown) r += `, padding=${padShown}`;
    if (dilation.some((d) => d !== 1)) r += `, dilation=${tupleRepr(dilation)}`;
    if (groups !== 1) r += `, groups=${groups}`;
    if (!bias) r += ", bias=False";
    const kwargs = new Map<string, Value>([
      ["stride", tupleValue(stride)],
      ["dilation", tupleValue(dilation)],
      ["groups", { t: "int", v: groups }],
      ["padding", isNone(padV) ? tupleValue(pad.lo) : padV!],
    ]);
    return { t: "layer", kind: name, dim: null, params, kwargs, repr: `${r})`, config: { in_channels: cin, out_channels: cout } };
  });
}

function tupleValue(xs: number[]): Value {
  return { t: "tuple", items: xs.map((v) => ({ t: "int", v }) as Value) };
}

/** An nn.Conv1d / nn.Conv2d called on x: F.conv with its parameters and options. */
export function callConvModule(m: Extract<Value, { t: "layer" }>, x: PTensor, a: Args): Value {
  const dims = m.kind === "Conv1d" ? 1 : 2;
  const kwv = new Map(m.kwargs);
  kwv.set("weight", m.params!.get("weight")!);
  const b = m.params!.get("bias");
  if (b) kwv.set("bias", b);
  return convCall({ ...a, pos: [x], kw: kwv }, dims);
}

