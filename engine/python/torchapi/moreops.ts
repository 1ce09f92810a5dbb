// More ops that are both torch.<name>(input, ...) and Tensor.<name>(...) (shared.ts's convention: `o` is the position
// of the first argument after the tensor): scans (logcumsumexp, cummax / cummin), layouts (repeat_interleave,
// tensor_split), amax / amin over dims, and pointwise ops of several operands (lerp, addcmul / addcdiv, hypot,
// isclose, heaviside). Messages are 1.13's; versions.ts rewrites those 2.x words differently.
import { PyError, Unsupported } from "../errors";
import { versionedError } from "../version";
import { warningIn } from "../../api/versions";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { NONE, type Args, type Value } from "../values";
import { boolArg, keepdimArg, isNone, kw, listItems, numberOr, scalarOf, tensorArg, toInt } from "./args";
import type { Ctx } from "./ctx";
import { softmaxCall } from "./torch";
import { dimsArg, refuseBool, type SharedOp } from "./shared";

function arg(a: Args, name: string, pos: number, o: number): Value | undefined {
  return kw(a, name, pos + o);
}

function named(type: string, items: Value[]): Value {
  return { t: "tuple", items, named: { type, fields: ["values", "indices"] } };
}


/** The argument parser's TypeError for a call without its dim (1.13's words: the int / name overloads). */
function missingDim(fname: string, o: number, out: string): PyError {
  const forms = o ? ["int", "name"].map((k) => ` * (Tensor input, ${k} dim, *, ${out})`) : [" * (int dim)", " * (name dim)"];
  return versionedError("TypeError", `${fname}() received an invalid combination of arguments - got (${o ? "Tensor" : ""}), but expected one of:\n${forms.join("\n")}\n`);
}

function dimOf(a: Args, o: number, fname: string, out: string): number {
  const d = arg(a, "dim", 0, o);
  if (isNone(d)) throw missingDim(fname, o, out);
  return toInt(d!, "dim");
}

function cumExtreme(which: "max" | "min"): SharedOp {
  return (t, a, o) => named(`torch.return_types.cum${which}`, T.cumExtreme(t, dimOf(a, o, `cum${which}`, "tuple of Tensors out"), which));
}

/** repeat_interleave(input, repeats, dim=None, *, output_size=None), or torch.repeat_interleave(repeats). */
const repeatInterleave: SharedOp = (t, a, o) => {
  const rep = arg(a, "repeats", 0, o);
  if (isNone(rep)) {
    if (o) return indices(t);
    throw versionedError(
      "TypeError",
      "repeat_interleave() received an invalid combination of arguments - got (), but expected one of:\n * (Tensor repeats, int dim, *, int output_size)\n * (int repeats, int dim, *, int output_size)\n",
    );
  }
  const d = arg(a, "dim", 1, o);
  const dim = isNone(d) ? null : toInt(d!, "dim");
  if (isTensor(rep!)) return T.repeatInterleave(t, rep, dim);
  if (rep!.t !== "int") throw new Unsupported(`repeat_interleave with repeats of type ${rep!.t}`);
  return T.repeatInterleave(t, toInt(rep!, "repeats"), dim);
};

function indices(repeats: PTensor): PTensor {
  const idx = T.repeatIndices(repeats);
  return T.fromArray("int64", [idx.length], idx);
}

/** tensor_split(input, sections | indices | tensor, dim=0). */
const tensorSplit: SharedOp = (t, a, o) => {
  const s = arg(a, "indices_or_sections", 0, o) ?? a.kw.get("sections") ?? a.kw.get("indices") ?? a.kw.get("tensor_indices_or_sections");
  const dim = isNone(arg(a, "dim", 1, o)) ? 0 : toInt(arg(a, "dim", 1, o)!, "dim");
  let spec: number | number[];
  if (isNone(s)) {
    const [got, input] = o ? ["Tensor", "Tensor input, "] : ["", ""];
    const forms = ["Tensor tensor_indices_or_sections", "int sections", "tuple of ints indices"].map((f) => ` * (${input}${f}, int dim)`);
    throw versionedError("TypeError", `tensor_split() received an invalid combination of arguments - got (${got}), but expected one of:\n${forms.join("\n")}\n`);
  } else if (isTensor(s!)) {
    if (s.dtype !== "int64") throw new PyError("RuntimeError", `tensor_split expected tensor_indices_or_sections to have dtype of long, but got ${T.dtypeName(s.dtype)}`);
    if (s.ndim > 1) throw new PyError("RuntimeError", `tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with ${s.ndim} dims`);
    spec = s.ndim === 0 ? s.data[0] : Array.from(s.data);
  } else if (s!.t === "list" || s!.t === "tuple" || s!.t === "numlist") spec = listItems(s!).map((v) => toInt(v, "indices"));
  else spec = toInt(s!, "sections");
  return { t: "tuple", items: T.tensorSplit(t, spec, dim) };
};

function amax(which: "max" | "min"): SharedOp {
  return (t, a, o) => T.amaxDims(t, dimsArg(arg(a, "dim", 0, o)), keepdimArg(arg(a, "keepdim", 1, o)), which);
}

/** lerp(input, end, weight): a number or a tensor weight. */
const lerp: SharedOp = (t, a, o) => {
  const end = arg(a, "end", 0, o);
  const w = arg(a, "weight", 1, o);
  if (isNone(w) || isNone(end)) {
    const kws = [...a.kw].map(([k, v]) => `${k}=${isNone(v) ? "NoneType" : isTensor(v) ? "Tensor" : v.t}`);
    const got = [...a.pos.map((v) => (isTensor(v) ? "Tensor" : v.t)), ...kws].join(", ");
    const forms = ["Tensor", "Number"].map((k) => (o ? ` * (Tensor input, Tensor end, ${k} weight, *, Tensor out)` : ` * (Tensor end, ${k} weight)`));
    throw versionedError("TypeError", `lerp() received an invalid combination of arguments - got (${got}), but expected one of:\n${forms.join("\n")}\n`);
  }
  const e = tensorArg(end, "lerp", 1 + o, "end");
  return T.lerp(t, e, isTensor(w!) ? w : numberOr(w, 0, "weight"));
};

/**
 * The parser's warning for the deprecated overload that takes value second, in 1.13's words (versions.ts adds 2.x's
 * defaults; the "(Triggered internally at <source path>)" suffix, which names the build's file, is left out).
 */
function deprecatedAddc(called: string, o: number): string {
  const [old, now] = o ? ["Tensor input, Number value, Tensor tensor1, Tensor tensor2, *, Tensor out", "Tensor input, Tensor tensor1, Tensor tensor2, *, Number value, Tensor out"] : ["Number value, Tensor tensor1, Tensor tensor2", "Tensor tensor1, Tensor tensor2, *, Number value"];
  return `This overload of ${called} is deprecated:\n\t${called}(${old})\nConsider using one of the following signatures instead:\n\t${called}(${now})`;
}

/** addcmul / addcdiv (tensor1, tensor2, *, value=1); `called` is the name as called (addcmul_ in place). */
export function addc(div: boolean, called = div ? "addcdiv" : "addcmul"): SharedOp {
  const fname = div ? "addcdiv" : "addcmul";
  return (t, a, o, ctx) => {
    const v0 = a.pos[o];
    // (value, tensor1, tensor2): the deprecated overload, still taken (value a Number, no keyword but out=None),
    // warned once per process for every deprecated overload alike (measured: a second one, even of another op, says
    // nothing).
    const outNone = a.kw.has("out") && isNone(a.kw.get("out")) ? 1 : 0;
    if (a.pos.length === o + 3 && a.kw.size === outNone && v0 && !isTensor(v0) && scalarOf(v0)) {
      ctx.warnOnce(`UserWarning: ${warningIn(ctx.engine.pytorch, deprecatedAddc(called, o))}`, a.span, "deprecated overload");
      return T.addcOp(t, tensorArg(a.pos[o + 1], fname, 2 + o, "tensor1"), tensorArg(a.pos[o + 2], fname, 3 + o, "tensor2"), scalarOf(v0)!, div);
    }
    if (a.pos.length > o + 2) throw new PyError("TypeError", `${fname}() takes ${o + 2} positional arguments but ${a.pos.length} were given`);
    const t1 = tensorArg(arg(a, "tensor1", 0, o), fname, 1 + o, "tensor1");
    const t2 = tensorArg(arg(a, "tensor2", 1, o), fname, 2 + o, "tensor2");
    const v = a.kw.get("value");
    // A one-element tensor passes as the Scalar (PyTorch's argument parser takes it).
    const value = isNone(v) ? { value: 1, kind: "int" as const } : isTensor(v!) && v.numel === 1 ? { value: v.data[0], kind: v.isFloat ? ("float" as const) : ("int" as const) } : scalarOf(v!);
    if (!value) throw new PyError("TypeError", `${fname}(): argument 'value' must be Number, not ${isTensor(v!) ? "Tensor" : v!.t}`);
    return T.addcOp(t, t1, t2, value, div);
  };
}

/**
 * kron(input, other) as ATen composes it: both unsafe-viewed with their dims interleaved (input's at the even
 * places, other's at the odd), multiplied, and the product unsafe-viewed to the sizes' products.
 */
function kron(t: PTensor, a: Args, o: number): Value {
  const u = tensorArg(arg(a, "other", 0, o), "kron", 1 + o, "other");
  const n = Math.max(t.ndim, u.ndim);
  const pa = [...new Array<number>(n - t.ndim).fill(1), ...t.shape];
  const pb = [...new Array<number>(n - u.ndim).fill(1), ...u.shape];
  const va = T.reshape(t, pa.flatMap((s) => [s, 1]), "UnsafeViewBackward0");
  const vb = T.reshape(u, pb.flatMap((s) => [1, s]), "UnsafeViewBackward0");
  return T.reshape(T.binary("*", va, vb), pa.map((s, i) => s * pb[i]), "UnsafeViewBackward0");
}

/** kthvalue(input, k, dim=-1, keepdim=False) as torch.return_types.kthvalue. */
function kthvalue(t: PTensor, a: Args, o: number): Value {
  const k = arg(a, "k", 0, o);
  const d = arg(a, "dim", 1, o);
  refuseBool(t, "kthvalue_cpu");
  return named("torch.return_types.kthvalue", T.kthvalue(t, toInt(k ?? NONE, "k"), isNone(d) ? -1 : toInt(d!, "dim"), keepdimArg(arg(a, "keepdim", 2, o))));
}

export const MORE_SHARED: Record<string, SharedOp> = {
  kron,
  kthvalue,
  logcumsumexp: (t, a, o) => T.logcumsumexp(t, dimOf(a, o, "logcumsumexp", "Tensor out")),
  cummax: cumExtreme("max"),
  cummin: cumExtreme("min"),
  repeat_interleave: repeatInterleave,
  tensor_split: tensorSplit,
  amax: amax("max"),
  amin: amax("min"),
  lerp,
  addcmul: addc(false),
  addcdiv: addc(true),
  hypot: (t, a, o) => T.hypot(t, tensorArg(arg(a, "other", 0, o), "hypot", 1 + o, "other")),
  isclose: (t, a, o) => {
    const other = tensorArg(arg(a, "other", 0, o), "isclose", 1 + o, "other");
    return T.isclose(t, other, numberOr(arg(a, "rtol", 1, o), 1e-5, "rtol"), numberOr(arg(a, "atol", 2, o), 1e-8, "atol"), boolArg(arg(a, "equal_nan", 3, o)));
  },
  heaviside: (t, a, o) => T.heaviside(t, tensorArg(arg(a, "values", 0, o), "heaviside", 1 + o, "values")),
};

/** torch.meshgrid(*tensors, indexing=None) (or one list / tuple of them); without indexing ATen warns once. */
export function meshgridCall(a: Args, ctx: Ctx): Value {
  const items = a.pos.length === 1 && !isTensor(a.pos[0]) ? listItems(a.pos[0]) : a.pos;
  const ts = items.map((v, i) => tensorArg(v, "meshgrid", i + 1, "tensors"));
  const ix = a.kw.get("indexing");
  if (isNone(ix)) ctx.warnOnce("UserWarning: torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.", a.span);
  const indexing = isNone(ix) ? "ij" : !isTensor(ix!) && ix!.t === "str" ? ix!.v : "";
  return { t: "tuple", items: T.meshgrid(ts, indexing) };
}

/** F.softmin(input, dim=None, _stacklevel=3, dtype=None): (-input).softmax(dim, dtype). */
export function softminCall(a: Args, ctx: Ctx): Value {
  const x = tensorArg(kw(a, "input", 0), "softmin");
  const pos = a.pos.slice();
  const kws = new Map(a.kw);
  if (pos.length) pos[0] = T.neg(x);
  else kws.set("input", T.neg(x));
  return softmaxCall({ ...a, pos, kw: kws }, "softmin", false, ctx, true);
}
