// torch.nn.functional beyond the losses and the element-wise table: the ELU family, leaky_relu, hardtanh / relu6,
// silu and softsign (tensor/activations.ts computes them), hardswish / hardsigmoid / mish / the shrinks / threshold
// (tensor/piecewise.ts), glu / prelu (tensor/gated.ts), unfold / fold (tensor/im2col.ts), avg_pool2d
// (tensor/pool.ts) and pad (tensor/pad.ts); their nn modules.
import { PyError, Unsupported, type Span } from "../errors";
import * as T from "../tensor";
import { isTensor, type PTensor } from "../tensor";
import { hasOwn, repr, type Args, type Value } from "../values";
import { boolArg, builtin, isNone, kw, LEGACY_TYPES, listItems, moduleKwargs, numberOr, tensorArg, toInt } from "./args";
import { evalTorch, versionedError } from "../version";

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** The CPU kernels of these activations have only float cases: int64 and bool raise (measured, 1.13 and 2.13). */
const FLOAT_KERNEL: Record<string, string> = {
  elu: "elu_cpu", selu: "elu_cpu", celu: "elu_cpu", silu: "silu_cpu", leaky_relu: "leaky_relu_cpu", hardswish: "hardswish_cpu",
  hardsigmoid: "hardsigmoid_cpu", mish: "mish_cpu", hardshrink: "hardshrink_cpu", softplus: "softplus_cpu", logsigmoid: "log_sigmoid_cpu",
};

/** x when name's kernel takes its dtype, else PyTorch's error (hardtanh / relu6 take int64, not bool). */
export function floatKernel(x: PTensor, name: string): PTensor {
  if (x.isFloat) return x;
  if (name === "hardtanh" || name === "relu6" || name === "threshold") {
    if (x.dtype === "bool" && name !== "threshold") throw new PyError("RuntimeError", "Bool inputs not supported for hardtanh");
    return x;
  }
  const kernel = name === "softshrink" ? evalTorch().kernelNames.softshrink : FLOAT_KERNEL[name];
  if (kernel) throw versionedError("RuntimeError", `"${kernel}" not implemented for '${T.dtypeName(x.dtype)}'`);
  return x;
}

/**
 * An activation with PyTorch's inplace flag (a keyword, or positional after the activation's own parameters): in
 * place, the op is written into its input, which it returns, its node named as the in-place kernel's (elu_:
 * EluBackward1, where elu gives EluBackward0).
 */
function activation(name: string, inplaceAt: number, f: (x: PTensor, a: Args, inplace: boolean) => PTensor, inplaceNode?: string): (a: Args) => Value {
  return (a) => {
    const x = floatKernel(tensorArg(kw(a, "input", 0), name), name);
    if (!boolArg(kw(a, "inplace", inplaceAt))) return f(x, a, false);
    const r = T.inplace(x, (self) => f(self, a, true), `${name}_`);
    if (inplaceNode && r.gradFn) r.gradFn.name = inplaceNode;
    return r;
  };
}

const FUNCTIONS: Record<string, (a: Args) => Value> = {
  elu: activation("elu", 2, (x, a, ip) => T.elu(x, numberOr(kw(a, "alpha", 1), 1, "alpha"), 1, 1, "EluBackward0", ip), "EluBackward1"),
  selu: activation("selu", 1, (x, _a, ip) => T.elu(x, SELU_ALPHA, SELU_SCALE, 1, "EluBackward0", ip), "EluBackward1"),
  celu: activation("celu", 2, (x, a, ip) => {
    const alpha = numberOr(kw(a, "alpha", 1), 1, "alpha");
    return T.elu(x, alpha, 1, 1 / alpha, "CeluBackward0", ip);
  }, "CeluBackward1"),
  leaky_relu: activation("leaky_relu", 2, (x, a, ip) => {
    const slope = numberOr(kw(a, "negative_slope", 1), 0.01, "negative_slope");
    // leaky_relu_'s backward (from the result) rejects a negative slope; that error is not reproduced.
    if (ip && slope < 0 && x.requiresGrad && T.isGradEnabled()) throw new Unsupported("the gradient of F.leaky_relu(..., inplace=True) with a negative slope");
    return T.leakyRelu(x, slope);
  }, "LeakyReluBackward1"),
  hardtanh: activation("hardtanh", 3, (x, a) => T.hardtanh(x, numberOr(kw(a, "min_val", 1), -1, "min_val"), numberOr(kw(a, "max_val", 2), 1, "max_val"))),
  relu6: activation("relu6", 1, (x) => T.hardtanh(x, 0, 6)),
  silu: activation("silu", 1, (x) => T.silu(x)),
  hardswish: activation("hardswish", 1, (x) => T.hardswish(x)),
  hardsigmoid: activation("hardsigmoid", 1, (x) => T.hardsigmoid(x)),
  mish: activation("mish", 1, (x) => T.mish(x)),
  softshrink: (a) => T.shrink(floatKernel(tensorArg(kw(a, "input", 0), "softshrink"), "softshrink"), numberOr(kw(a, "lambd", 1), 0.5, "lambd"), true),
  hardshrink: (a) => T.shrink(floatKernel(tensorArg(kw(a, "input", 0), "hardshrink"), "hardshrink"), numberOr(kw(a, "lambd", 1), 0.5, "lambd"), false),
  // input - input.tanh(), as F.tanhshrink composes it.
  tanhshrink: (a) => {
    const x = tensorArg(kw(a, "input", 0), "tanhshrink");
    return T.binary("-", x, T.unary("tanh", x));
  },
  threshold: (a) => {
    const [th, value] = [kw(a, "threshold", 1), kw(a, "value", 2)];
    if (th === undefined || value === undefined) throw missingArgs("_threshold", th === undefined ? ["threshold", "value"] : ["value"]);
    return activation("threshold", 3, (x, _a, ip) => {
      const [t, v] = [numberOr(th, 0, "threshold"), numberOr(value, 0, "value")];
      // threshold_'s node masks the gradient by the result (ThresholdBackward1): where value > threshold it passes
      // the gradient of the replaced elements, which this node (masking by the input) would not.
      if (ip && v > t && x.requiresGrad && T.isGradEnabled()) throw new Unsupported("the gradient of F.threshold(..., inplace=True) with value > threshold");
      return T.threshold(x, t, v);
    }, "ThresholdBackward1")(a);
  },
  glu: (a) => T.glu(tensorArg(kw(a, "input", 0), "glu"), isNone(kw(a, "dim", 1)) ? -1 : toInt(kw(a, "dim", 1)!, "dim")),
  prelu: (a) => T.prelu(tensorArg(kw(a, "input", 0), "prelu"), tensorArg(kw(a, "weight", 1), "prelu", 2, "weight")),
  // input / (input.abs() + 1), as F.softsign composes it.
  softsign: (a) => {
    const x = tensorArg(kw(a, "input", 0), "softsign");
    return T.binary("/", x, T.binary("+", T.unary("abs", x), { value: 1, kind: "int" }));
  },
};

/** F.pad(input, pad, mode='constant', value=None): PyTorch's checks, then tensor/pad.ts. */
FUNCTIONS.pad = (a) => {
  const x = tensorArg(kw(a, "input", 0), "pad");
  const pads = listItems(kw(a, "pad", 1) ?? { t: "tuple", items: [] }).map((v) => toInt(v, "pad"));
  const modeV = kw(a, "mode", 2);
  const mode = isNone(modeV) ? "constant" : !isTensor(modeV!) && modeV!.t === "str" ? modeV!.v : "";
  const valueV = kw(a, "value", 3);
  if (pads.length % 2 !== 0) throw new PyError("RuntimeError", "Padding length must be divisible by 2");
  const k = pads.length / 2;
  if (k > x.ndim) throw new PyError("RuntimeError", "Padding length too large");
  if (mode === "constant") {
    // constant_pad_nd narrows away negative pads first, outer dim first, left then right: narrow()'s errors.
    for (let d = x.ndim - k; d < x.ndim; d++) {
      let size = x.shape[d];
      const [l, r] = [pads[2 * (x.ndim - 1 - d)], pads[2 * (x.ndim - 1 - d) + 1]];
      for (const [start, cut] of [[-l, l], [0, r]]) {
        if (cut >= 0) continue;
        const length = size + cut;
        if (length < 0 || start + length > size) {
          throw versionedError("RuntimeError", `start (${start}) + length (${length}) exceeds dimension size (${size}).`);
        }
        size = length;
      }
    }
    return T.pad(x, pads, "constant", isNone(valueV) ? 0 : numberOr(valueV, 0, "value"), "ConstantPadNdBackward0");
  }
  if (mode !== "reflect" && mode !== "replicate") {
    if (mode === "circular") throw new Unsupported("F.pad with mode='circular'");
    throw new PyError("NotImplementedError", `Unrecognised padding mode ${mode}`);
  }
  if (!isNone(valueV)) throw new Unsupported(`F.pad with mode='${mode}' and a value`);
  // Reflect / replicate pad 1, 2 or 3 trailing dims of an unbatched or batched input.
  if (k < 1 || k > 3 || (x.ndim !== k + 1 && x.ndim !== k + 2)) {
    const dimsError = evalTorch().padDimsError;
    if (dimsError) throw new PyError("NotImplementedError", dimsError);
    throw new Unsupported(`F.pad with mode='${mode}' on a ${x.ndim}-D input with ${pads.length} pads`);
  }
  if (pads.some((p) => p < 0)) throw new Unsupported(`F.pad with mode='${mode}' and negative pads`);
  padShapeCheck(x, k, mode);
  if (mode === "reflect") {
    for (let j = 0; j < k; j++) {
      const d = x.ndim - 1 - j;
      const [l, r] = [pads[2 * j], pads[2 * j + 1]];
      if (l >= x.shape[d] || r >= x.shape[d]) {
        const input = evalTorch().padInputInMessage === "ndim" ? String(x.ndim) : `[${x.shape.join(", ")}]`;
        throw new PyError("RuntimeError", `Argument #${4 + 2 * j}: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${d} of input ${input}`);
      }
    }
  }
  if (x.dtype === "bool" || (!x.isFloat && !evalTorch().padIntegers)) {
    // 1.13's kernel names (versions.ts words 2.x's).
    const kernel = mode === "reflect" ? `reflection_pad${k}d${k === 3 ? "_cpu" : ""}` : `replication_pad${k}d_cpu`;
    throw versionedError("RuntimeError", `"${kernel}" not implemented for '${T.dtypeName(x.dtype)}'`);
  }
  return T.pad(x, pads, mode, 0, `${mode === "reflect" ? "Reflection" : "Replication"}Pad${k}DBackward0`);
};

/** Reflect / replicate padding's check of empty dims: every dim but a batch one non-empty (1.13's reflect: but dim 0). */
function padShapeCheck(x: PTensor, k: number, mode: string): void {
  const oldReflect = mode === "reflect" && !evalTorch().padIntegers;
  const first = oldReflect || x.ndim === k + 2 ? 1 : 0;
  if (!x.shape.slice(first).includes(0)) return;
  if (oldReflect) {
    const legacy = Object.entries(LEGACY_TYPES).find(([, d]) => d === x.dtype)?.[0];
    if (!legacy) throw new Unsupported(`F.pad with mode='reflect' of an empty torch.${x.dtype} tensor`);
    throw new PyError("RuntimeError", `${k + 1}D or ${k + 2}D (batch mode) tensor expected for input, but got: [ torch.${legacy}{${x.shape.join(",")}} ]`);
  }
  throw new PyError("RuntimeError", `Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [${x.shape.join(", ")}]`);
}

/** An int or a pair of ints (kernel_size=3 or (3, 3)). */
function pair(v: Value | undefined, name: string, dflt: [number, number]): [number, number] {
  if (isNone(v)) return dflt;
  if (!isTensor(v!) && (v!.t === "tuple" || v!.t === "list")) {
    const xs = listItems(v!).map((x) => toInt(x, name));
    return [xs[0], xs[1] ?? xs[0]];
  }
  const n = toInt(v!, name);
  return [n, n];
}

FUNCTIONS.avg_pool2d = (a) => {
  const kernel = pair(kw(a, "kernel_size", 1), "kernel_size", [0, 0]);
  const bool = (v: Value | undefined, d: boolean) => (isNone(v) ? d : !isTensor(v!) && v!.t === "bool" ? v!.v : d);
  const s = kw(a, "stride", 2);
  const div = kw(a, "divisor_override", 6);
  return T.avgPool2d(tensorArg(kw(a, "input", 0), "avg_pool2d"), {
    kernel,
    stride: isNone(s) || (!isTensor(s!) && s!.t === "list" && !s!.items.length) ? kernel : pair(s, "stride", kernel),
    padding: pair(kw(a, "padding", 3), "padding", [0, 0]),
    ceilMode: bool(kw(a, "ceil_mode", 4), false),
    countIncludePad: bool(kw(a, "count_include_pad", 5), true),
    divisorOverride: isNone(div) ? null : toInt(div!, "divisor_override"),
  });
};

/** F.unfold / F.fold's pairs: an int, or a tuple of exactly two (im2col's own message otherwise). */
function im2colPair(v: Value | undefined, name: string, dflt: number): [number, number] {
  if (isNone(v)) return [dflt, dflt];
  if (!isTensor(v!) && (v!.t === "tuple" || v!.t === "list")) {
    const xs = listItems(v!).map((x) => toInt(x, name));
    if (xs.length !== 2) throw new PyError("RuntimeError", `It is expected ${name} equals to 2, but got size ${xs.length}`);
    return [xs[0], xs[1]];
  }
  const n = toInt(v!, name);
  return [n, n];
}

function im2colOptions(a: Args, at: number): T.Im2ColOptions {
  return {
    kernel: im2colPair(kw(a, "kernel_size", at), "kernel_size", 0),
    dilation: im2colPair(kw(a, "dilation", at + 1), "dilation", 1),
    padding: im2colPair(kw(a, "padding", at + 2), "padding", 0),
    stride: im2colPair(kw(a, "stride", at + 3), "stride", 1),
  };
}

FUNCTIONS.unfold = (a) => T.unfold(tensorArg(kw(a, "input", 0), "unfold"), im2colOptions(a, 1));
FUNCTIONS.fold = (a) => T.fold(tensorArg(kw(a, "input", 0), "fold"), im2colPair(kw(a, "output_size", 1), "output_size", 0), im2colOptions(a, 2));

/**
 * The nn modules of these functions: their constructor's parameters in order (the arguments given are kept and
 * passed to the function on each call), and those their repr shows with its defaults as Python writes them.
 */
const MODULES: Record<string, { fn: string; params: string[]; shown: [string, string][]; bare?: boolean; inplace?: string }> = {
  ELU: { fn: "elu", params: ["alpha", "inplace"], shown: [["alpha", "1.0"]] },
  SELU: { fn: "selu", params: ["inplace"], shown: [] },
  CELU: { fn: "celu", params: ["alpha", "inplace"], shown: [["alpha", "1.0"]] },
  LeakyReLU: { fn: "leaky_relu", params: ["negative_slope", "inplace"], shown: [["negative_slope", "0.01"]] },
  Hardtanh: { fn: "hardtanh", params: ["min_val", "max_val", "inplace"], shown: [["min_val", "-1.0"], ["max_val", "1.0"]] },
  ReLU6: { fn: "relu6", params: ["inplace"], shown: [] },
  SiLU: { fn: "silu", params: ["inplace"], shown: [] },
  Softsign: { fn: "softsign", params: [], shown: [] },
  Hardswish: { fn: "hardswish", params: ["inplace"], shown: [] },
  Hardsigmoid: { fn: "hardsigmoid", params: ["inplace"], shown: [] },
  // Mish and Threshold write inplace=True when set; Softshrink / Hardshrink their lambd bare.
  Mish: { fn: "mish", params: ["inplace"], shown: [], inplace: "inplace=True" },
  Softshrink: { fn: "softshrink", params: ["lambd"], shown: [["lambd", "0.5"]], bare: true },
  Hardshrink: { fn: "hardshrink", params: ["lambd"], shown: [["lambd", "0.5"]], bare: true },
  Tanhshrink: { fn: "tanhshrink", params: [], shown: [] },
  Threshold: { fn: "threshold", params: ["threshold", "value", "inplace"], shown: [["threshold", ""], ["value", ""]], inplace: ", inplace=True" },
  GLU: { fn: "glu", params: ["dim"], shown: [["dim", "-1"]] },
  AvgPool2d: {
    fn: "avg_pool2d",
    params: ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"],
    shown: [["kernel_size", ""], ["stride", ""], ["padding", "0"]],
  },
};

export function activationModule(name: string): Value | undefined {
  if (!hasOwn(MODULES, name)) return undefined;
  const { params, shown, bare, inplace } = MODULES[name];
  return builtin(`nn.${name}`, (a) => {
    const kwargs = moduleKwargs(a, params, (k, v) => !isNone(v) && k !== "inplace");
    if (name === "Threshold" && (!kwargs.has("threshold") || !kwargs.has("value"))) {
      const missing = ["threshold", "value"].filter((k) => !kwargs.has(k));
      throw missingArgs("Threshold.__init__", missing);
    }
    if (name === "AvgPool2d" && !kwargs.has("kernel_size")) throw missingArgs("AvgPool2d.__init__", ["kernel_size"]);
    // AvgPool2d's stride defaults to its kernel_size (so its repr shows).
    const show = (k: string, d: string) => repr(kwargs.get(k) ?? (k === "stride" ? kwargs.get("kernel_size")! : { t: "str", v: d }));
    let extra = shown.map(([k, d]) => `${bare ? "" : `${k}=`}${kwargs.has(k) || k === "stride" ? show(k, d) : d}`).join(", ");
    const ip = kw(a, "inplace", params.indexOf("inplace"));
    const inPlace = params.includes("inplace") && !isNone(ip) && truthy(ip!);
    if (inplace && inPlace) extra += inplace;
    return { t: "layer", kind: name, dim: null, kwargs, repr: `${name}(${extra})`, config: { inplace: inPlace } };
  });
}

/** Python's TypeError for a call missing required positional arguments. */
function missingArgs(fn: string, names: string[]): PyError {
  const n = names.length;
  return new PyError("TypeError", `${fn}() missing ${n} required positional argument${n > 1 ? "s" : ""}: ${names.map((k) => `'${k}'`).join(" and ")}`);
}

function truthy(v: Value): boolean {
  return isTensor(v) ? v.numel > 0 && v.data[0] !== 0 : (v.t === "bool" || v.t === "int" || v.t === "float") && Boolean(v.v);
}

/** Whether nn.<kind> is one of the modules above. */
export function isActivationModule(kind: string): boolean {
  return hasOwn(MODULES, kind);
}

/** A module above called on x: its function with the module's constructor arguments. */
export function callActivationModule(m: Extract<Value, { t: "layer" }>, x: T.PTensor, span: Span): Value {
  const kwargs = new Map(m.kwargs);
  if (m.config?.inplace === true) kwargs.set("inplace", { t: "bool", v: true });
  return FUNCTIONS[MODULES[m.kind].fn]({ pos: [x], kw: kwargs, span, posSpans: [span], kwSpans: new Map() });
}

/** F.<name> for the functions above, or undefined. */
export function functionalAttr(name: string): Value | undefined {
  return hasOwn(FUNCTIONS, name) ? builtin(`F.${name}`, FUNCTIONS[name]) : undefined;
}
