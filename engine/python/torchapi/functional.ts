// torch.nn.functional beyond the losses and the element-wise table: the ELU family, leaky_relu, hardtanh / relu6,
// silu and softsign (tensor/activations.ts computes them), avg_pool2d (tensor/pool.ts) and pad (tensor/pad.ts).
import { PyError, Unsupported, type Span } from "../errors";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { hasOwn, repr, type Args, type Value } from "../values";
import { builtin, isNone, kw, listItems, moduleKwargs, numberOr, tensorArg, toInt } from "./args";
import { evalTorch, versionedError } from "../version";

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

const FUNCTIONS: Record<string, (a: Args) => Value> = {
  elu: (a) => T.elu(tensorArg(kw(a, "input", 0), "elu"), numberOr(kw(a, "alpha", 1), 1, "alpha"), 1, 1),
  selu: (a) => T.elu(tensorArg(kw(a, "input", 0), "selu"), SELU_ALPHA, SELU_SCALE, 1),
  celu: (a) => {
    const alpha = numberOr(kw(a, "alpha", 1), 1, "alpha");
    return T.elu(tensorArg(kw(a, "input", 0), "celu"), alpha, 1, 1 / alpha, "CeluBackward0");
  },
  leaky_relu: (a) => T.leakyRelu(tensorArg(kw(a, "input", 0), "leaky_relu"), numberOr(kw(a, "negative_slope", 1), 0.01, "negative_slope")),
  hardtanh: (a) => T.hardtanh(tensorArg(kw(a, "input", 0), "hardtanh"), numberOr(kw(a, "min_val", 1), -1, "min_val"), numberOr(kw(a, "max_val", 2), 1, "max_val")),
  relu6: (a) => T.hardtanh(tensorArg(kw(a, "input", 0), "relu6"), 0, 6),
  silu: (a) => T.silu(tensorArg(kw(a, "input", 0), "silu")),
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
  return T.pad(x, pads, mode, 0, `${mode === "reflect" ? "Reflection" : "Replication"}Pad${k}DBackward0`);
};

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

/**
 * The nn modules of these functions: their constructor's parameters in order (the arguments given are kept and
 * passed to the function on each call), and those their repr shows with its defaults as Python writes them.
 */
const MODULES: Record<string, { fn: string; params: string[]; shown: [string, string][] }> = {
  ELU: { fn: "elu", params: ["alpha", "inplace"], shown: [["alpha", "1.0"]] },
  SELU: { fn: "selu", params: ["inplace"], shown: [] },
  CELU: { fn: "celu", params: ["alpha", "inplace"], shown: [["alpha", "1.0"]] },
  LeakyReLU: { fn: "leaky_relu", params: ["negative_slope", "inplace"], shown: [["negative_slope", "0.01"]] },
  Hardtanh: { fn: "hardtanh", params: ["min_val", "max_val", "inplace"], shown: [["min_val", "-1.0"], ["max_val", "1.0"]] },
  ReLU6: { fn: "relu6", params: ["inplace"], shown: [] },
  SiLU: { fn: "silu", params: ["inplace"], shown: [] },
  Softsign: { fn: "softsign", params: [], shown: [] },
  AvgPool2d: {
    fn: "avg_pool2d",
    params: ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"],
    shown: [["kernel_size", ""], ["stride", ""], ["padding", "0"]],
  },
};

export function activationModule(name: string): Value | undefined {
  if (!hasOwn(MODULES, name)) return undefined;
  const { params, shown } = MODULES[name];
  return builtin(`nn.${name}`, (a) => {
    const kwargs = moduleKwargs(a, params, (k, v) => !isNone(v) && k !== "inplace");
    if (name === "AvgPool2d" && !kwargs.has("kernel_size")) throw new PyError("TypeError", "__init__() missing 1 required positional argument: 'kernel_size'");
    // AvgPool2d's stride defaults to its kernel_size (so its repr shows).
    const show = (k: string, d: string) => repr(kwargs.get(k) ?? (k === "stride" ? kwargs.get("kernel_size")! : { t: "str", v: d }));
    const extra = shown.map(([k, d]) => `${k}=${kwargs.has(k) || k === "stride" ? show(k, d) : d}`).join(", ");
    return { t: "layer", kind: name, dim: null, kwargs, repr: `${name}(${extra})` };
  });
}

/** A module above called on x: its function with the module's constructor arguments. */
export function callActivationModule(m: Extract<Value, { t: "layer" }>, x: T.PTensor, span: Span): Value {
  return FUNCTIONS[MODULES[m.kind].fn]({ pos: [x], kw: new Map(m.kwargs), span, posSpans: [span], kwSpans: new Map() });
}

/** F.<name> for the functions above, or undefined. */
export function functionalAttr(name: string): Value | undefined {
  return hasOwn(FUNCTIONS, name) ? builtin(`F.${name}`, FUNCTIONS[name]) : undefined;
}
