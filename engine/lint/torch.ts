// What torch's own functions, tensor methods and nn layers do to the linter's values: softmax / sigmoid /
// log-space, dtypes, shapes. A name not listed here gives `unknown`.
import type { Arg, Expr } from "../python/ast";
import { tensor, UNKNOWN, type TensorV, type V } from "./values";

/** Canonical dotted paths: torch.nn.modules.loss.X and torch.nn.modules.X are torch.nn.X. */
export function canonical(path: string): string {
  return path.replace(/^torch\.nn\.modules\.(?:loss|activation|linear|container)\./, "torch.nn.").replace(/^torch\.nn\.modules\./, "torch.nn.");
}

const FLOAT_DTYPES = new Set(["float", "float32", "float64", "double", "half", "float16", "bfloat16"]);
const INT_DTYPES = new Set(["long", "int64", "int", "int32", "int16", "int8", "uint8", "short", "bool"]);

/** torch.float32 / torch.long / torch.FloatTensor as a dtype class, or undefined. */
export function dtypeOf(v: V): "float" | "int" | undefined {
  if (v.t !== "ref" || !v.path.startsWith("torch.")) return undefined;
  const name = v.path.slice(6).replace(/^cuda\./, "");
  if (FLOAT_DTYPES.has(name) || /^(Float|Double|Half|BFloat16)Tensor$/.test(name)) return "float";
  if (INT_DTYPES.has(name) || /^(Long|Int|Short|Byte|Char|Bool)Tensor$/.test(name)) return "int";
  return undefined;
}

export function intLiteral(e: Expr | undefined): number | null | undefined {
  if (!e) return undefined;
  if (e.k === "num" && e.isInt) return e.value;
  if (e.k === "unary" && e.op === "-" && e.operand.k === "num" && e.operand.isInt) return -e.operand.value;
  return null;
}

/** A size given as f(2, 3) or f((2, 3)) or f([2, 3]): dims (null where not a literal). */
export function sizeArgs(args: Arg[]): (number | null)[] | undefined {
  const pos = args.filter((a) => a.name === null && !a.star);
  const size = args.find((a) => a.name === "size")?.value;
  const one = size ?? (pos.length === 1 ? pos[0].value : undefined);
  if (one && (one.k === "tuple" || one.k === "list")) return one.items.map((x) => nonNeg(intLiteral(x)));
  if (one && one.k === "numlist" && one.allInt && one.shape.length === 1) return Array.from(one.data);
  if (size) return undefined;
  if (!pos.length) return undefined;
  const dims = pos.map((a) => nonNeg(intLiteral(a.value)));
  // A non-literal single argument may be a size tuple: rank unknown.
  if (pos.length === 1 && dims[0] === null) return undefined;
  return dims;
}

function nonNeg(n: number | null | undefined): number | null {
  return n === undefined || n === null || n < 0 ? null : n;
}


/** A torch function (path) applied to evaluated arguments. */
export function torchCall(path: string, args: Arg[], vals: V[], kw: Map<string, V>, call: Expr): V {
  const x = vals[0];
  const name = path.replace(/^torch\.nn\.functional\./, "F.").replace(/^torch\./, "");
  switch (name) {
    case "F.softmax":
    case "softmax":
    case "special.softmax":
      return tensor("softmax", { via: call, dtype: "float", shape: shapeOf(x) });
    case "F.sigmoid":
    case "sigmoid":
    case "special.expit":
      return tensor("sigmoid", { via: call, dtype: "float", shape: shapeOf(x) });
    case "F.log_softmax":
    case "log_softmax":
    case "special.log_softmax":
    case "F.logsigmoid":
    case "log":
    case "log2":
    case "log10":
    case "log1p":
      return tensor("log", { via: call, dtype: "float", shape: shapeOf(x) });
    case "F.one_hot":
      return tensor("other", { dtype: "int" });
    case "argmax":
    case "argmin":
      return tensor("other", { dtype: "int", indices: true });
    case "randint": {
      const pos = args.filter((a) => a.name === null);
      const sz = args.find((a) => a.name === "size")?.value ?? pos[pos.length - 1]?.value;
      const shape = sz ? sizeArgs([{ name: null, value: sz }]) : undefined;
      const dt = kw.get("dtype");
      return tensor("other", { dtype: dt ? dtypeOf(dt) : "int", shape, indices: shape?.length === 1 });
    }
    case "randn":
    case "rand":
    case "zeros":
    case "ones":
    case "empty":
    case "full": {
      const shape = name === "full" ? sizeArgs(args.slice(0, 1)) : sizeArgs(args.filter((a) => a.name === null || a.name === "size"));
      const dt = kw.get("dtype");
      const fill = name === "full" ? args[1]?.value : undefined;
      const dtype = dt ? dtypeOf(dt) : fill && fill.k === "num" && fill.isInt ? "int" : "float";
      return tensor("other", { dtype, shape });
    }
    case "tensor":
    case "as_tensor":
    case "Tensor":
    case "FloatTensor":
    case "LongTensor":
    case "cuda.FloatTensor":
    case "cuda.LongTensor": {
      const lit = args[0]?.value;
      const dt = kw.get("dtype");
      let dtype: "float" | "int" | undefined = dt ? dtypeOf(dt) : undefined;
      if (name.endsWith("LongTensor")) dtype = "int";
      else if (name.endsWith("FloatTensor") || name === "Tensor") dtype = "float";
      let shape: number[] | undefined;
      let allInt = false;
      let values: ArrayLike<number> = [];
      if (lit && lit.k === "numlist") {
        shape = lit.shape.slice();
        allInt = lit.allInt;
        values = lit.data;
      } else if (lit && lit.k === "num") {
        shape = [];
        allInt = lit.isInt;
        values = [lit.value];
      } else if (lit && lit.k === "list" && lit.items.every((i) => i.k === "num")) {
        shape = [lit.items.length];
        allInt = lit.items.every((i) => i.k === "num" && i.isInt);
        values = lit.items.map((i) => (i.k === "num" ? i.value : NaN));
      }
      if (!shape && !name.endsWith("Tensor")) return tensor("other", { dtype });
      if (!dtype && shape) dtype = allInt ? "int" : "float";
      return tensor("other", { dtype, shape, indices: allInt && shape?.length === 1 && !!lit, range: rangeOf(values) });
    }
    default:
      return UNKNOWN;
  }
}

/** A literal's smallest and largest value (undefined for none, or a NaN among them). */
function rangeOf(values: ArrayLike<number>): [number, number] | undefined {
  if (!values.length) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return undefined;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

export function shapeOf(v: V | undefined): (number | null)[] | undefined {
  return v?.t === "tensor" ? v.shape : undefined;
}

/** Methods that only move, view or re-type a tensor keep what its numbers mean. */
const KEEP_KIND = new Set([
  "to", "cuda", "cpu", "float", "double", "half", "bfloat16", "type", "clone", "detach", "contiguous", "view",
  "reshape", "view_as", "reshape_as", "squeeze", "unsqueeze", "flatten", "permute", "transpose", "t", "clamp",
  "clamp_", "clip", "requires_grad_", "expand", "expand_as", "squeeze_", "unsqueeze_", "cuda_", "pin_memory",
]);

/** A tensor method call: x.softmax(1), x.float(), x.view(-1, 1), x.argmax(1)... */
export function tensorMethod(x: TensorV, name: string, args: Arg[], vals: V[], call: Expr): V {
  switch (name) {
    case "softmax":
      return tensor("softmax", { via: call, dtype: "float", shape: x.shape });
    case "sigmoid":
    case "sigmoid_":
      return tensor("sigmoid", { via: call, dtype: "float", shape: x.shape });
    case "log_softmax":
    case "log":
    case "log_":
    case "log2":
    case "log10":
    case "log1p":
      return tensor("log", { via: call, dtype: "float", shape: x.shape });
    case "argmax":
    case "argmin":
      return tensor("other", { dtype: "int", indices: true, shape: reduceDim(x.shape, args) });
    case "long":
    case "int":
    case "short":
    case "byte":
      // Integer casts truncate toward zero.
      return { ...x, kind: "other", via: undefined, dtype: "int", range: x.range && [Math.trunc(x.range[0]), Math.trunc(x.range[1])] };
    case "bool":
      return { ...x, kind: "other", via: undefined, dtype: "int", range: undefined };
    case "max":
    case "min":
    case "topk":
    case "sort":
      if (args.length) return { t: "tuple", items: [tensor("other", { dtype: x.dtype }), tensor("other", { dtype: "int", indices: name !== "sort" })] };
      return UNKNOWN;
  }
  if (!KEEP_KIND.has(name)) return UNKNOWN;
  const out: TensorV = { ...x };
  // Only a type or a view keeps the literal's values: half rounds, clamp moves them.
  if (/^(clamp|clip|half|bfloat16)/.test(name)) out.range = undefined;
  if (name === "float" || name === "double" || name === "half" || name === "bfloat16") out.dtype = "float";
  if (name === "type" || name === "to") {
    const dt = vals.map(dtypeOf).find((d) => d) ?? (args.find((a) => a.name === "dtype") ? undefined : x.dtype);
    if (dt === "int") return { ...x, kind: "other", via: undefined, dtype: "int" };
    out.dtype = dt ?? x.dtype;
    if (args.some((a) => a.name === "dtype") && !dt) delete out.dtype;
  }
  out.shape = reshape(x.shape, name, args);
  return out;
}

function reduceDim(shape: (number | null)[] | undefined, args: Arg[]): (number | null)[] | undefined {
  if (!shape || args.length === 0) return args.length === 0 ? [] : undefined;
  const d = intLiteral(args[0].value);
  if (typeof d !== "number") return undefined;
  const i = d < 0 ? shape.length + d : d;
  if (i < 0 || i >= shape.length) return undefined;
  if (args.some((a) => a.name === "keepdim")) return undefined;
  return shape.filter((_, j) => j !== i);
}

function reshape(shape: (number | null)[] | undefined, name: string, args: Arg[]): (number | null)[] | undefined {
  const pos = args.filter((a) => a.name === null);
  switch (name) {
    case "view":
    case "reshape": {
      const dims = sizeArgs(args);
      if (!dims) return undefined;
      // view(-1, 1): the -1 is a size we do not know.
      return dims;
    }
    case "flatten":
      return pos.length === 0 ? [null] : undefined;
    case "squeeze":
    case "squeeze_": {
      if (!shape) return undefined;
      if (pos.length === 0) return shape.some((d) => d === null) ? undefined : shape.filter((d) => d !== 1);
      const d = intLiteral(pos[0].value);
      if (typeof d !== "number") return undefined;
      const i = d < 0 ? shape.length + d : d;
      if (i < 0 || i >= shape.length) return undefined;
      return shape[i] === 1 ? shape.filter((_, j) => j !== i) : shape[i] === null ? undefined : shape;
    }
    case "unsqueeze":
    case "unsqueeze_": {
      if (!shape) return undefined;
      const d = intLiteral(pos[0]?.value);
      if (typeof d !== "number") return undefined;
      const i = d < 0 ? shape.length + 1 + d : d;
      if (i < 0 || i > shape.length) return undefined;
      return [...shape.slice(0, i), 1, ...shape.slice(i)];
    }
    case "t":
    case "transpose":
    case "permute":
      return shape?.length === 2 && name === "t" ? [shape[1], shape[0]] : undefined;
    case "expand":
    case "expand_as":
    case "view_as":
    case "reshape_as":
      return undefined;
    default:
      return shape;
  }
}

/** An nn layer constructor: the ones whose output the rules care about. */
export function layerOf(path: string, args: Arg[], call: Expr): V | undefined {
  const name = path.replace(/^torch\.nn\./, "");
  switch (name) {
    case "Softmax":
    case "Softmax2d":
      return { t: "layer", layer: "softmax", via: call };
    case "Sigmoid":
      return { t: "layer", layer: "sigmoid", via: call };
    case "LogSoftmax":
      return { t: "layer", layer: "log_softmax", via: call };
    case "Linear":
    case "LazyLinear":
    case "Bilinear": {
      const pos = args.filter((a) => a.name === null);
      const outArg = args.find((a) => a.name === "out_features")?.value ?? pos[name === "LazyLinear" ? 0 : name === "Bilinear" ? 2 : 1]?.value;
      const n = intLiteral(outArg);
      return { t: "layer", layer: "linear", outFeatures: typeof n === "number" ? n : undefined, via: call };
    }
    case "Conv1d":
    case "Conv2d":
    case "Conv3d":
    case "ConvTranspose1d":
    case "ConvTranspose2d":
    case "ConvTranspose3d":
      // Unbounded scores too (segmentation heads); the channel count is not the last dimension.
      return { t: "layer", layer: "linear", via: call };
    case "Dropout":
    case "Identity":
    case "Flatten":
      return { t: "layer", layer: "pass", via: call };
    default:
      return undefined;
  }
}

/** A layer (or an nn.Sequential of them) applied to an input. */
export function applyLayer(m: V, x: V, call: Expr): V {
  if (m.t === "seq") {
    let out: V = x;
    for (const l of m.layers) out = applyLayer(l, out, call);
    return out;
  }
  if (m.t !== "layer") return UNKNOWN;
  const shape = shapeOf(x);
  switch (m.layer) {
    case "softmax":
      return tensor("softmax", { via: m.via, dtype: "float", shape });
    case "sigmoid":
      return tensor("sigmoid", { via: m.via, dtype: "float", shape });
    case "log_softmax":
      return tensor("log", { via: m.via, dtype: "float", shape });
    case "linear":
      return tensor("raw", {
        via: m.via,
        dtype: "float",
        shape: shape && shape.length >= 1 && m.outFeatures !== undefined ? [...shape.slice(0, -1), m.outFeatures] : undefined,
      });
    case "pass":
      return x.t === "tensor" ? { ...x, shape: undefined } : UNKNOWN;
  }
}

