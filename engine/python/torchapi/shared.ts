// Ops that are both torch.<name>(input, ...) and Tensor.<name>(...): one implementation, `o` the position of the
// first argument after the tensor (1 for torch.<name>, 0 for the method).
import { PyError, Unsupported } from "../errors";
import { evalTorch, versionedError } from "../version";
import * as T from "../tensor";
import { isTensor, PTensor } from "../tensor";
import { bool, NONE, typeName, type Args, type Value } from "../values";
import { boolArg, keepdimArg, dtypeOf, intOr, isNone, kw, listItems, operand, shapeOf, tensorArg, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";
import { LINALG_SHARED } from "./linalgapi";
import { MISC_SHARED } from "./miscops";
import { MORE_SHARED } from "./moreops";

export type SharedOp = (t: PTensor, a: Args, o: number, ctx: Ctx) => Value;

function arg(a: Args, name: string, pos: number, o: number): Value | undefined {
  return kw(a, name, pos + o);
}

/** A dim argument: an int, or a list / tuple of ints (several dims). */
export function dimsArg(v: Value | undefined): number[] | null {
  if (isNone(v)) return null;
  if (!isTensor(v!) && (v!.t === "tuple" || v!.t === "list" || v!.t === "numlist")) return listItems(v!).map((x) => toInt(x, "dim"));
  return [toInt(v!, "dim")];
}

/** nonzero(t): the indices of t's nonzero elements, one row each (int64, n x ndim; a nonzero 0-d tensor: 1 x 0). */
function nonzeroRows(t: PTensor): PTensor {
  if (t.ndim === 0) return T.fromArray("int64", [t.data[0] !== 0 ? 1 : 0, 0], []);
  const st = T.stridesOf(t.shape);
  const rows: number[] = [];
  for (let i = 0; i < t.numel; i++) {
    if (t.data[i] === 0) continue;
    let rem = i;
    for (let d = 0; d < t.ndim; d++) {
      rows.push(Math.floor(rem / st[d]));
      rem %= st[d];
    }
  }
  return T.fromArray("int64", [rows.length / Math.max(t.ndim, 1), t.ndim], rows);
}

/** nonzero(t, as_tuple=True): one index tensor per dim (a 0-d input counts as 1-d). */
function nonzeroTuple(t: PTensor): PTensor[] {
  const rows = nonzeroRows(t.ndim ? t : T.reshape(t, [1]));
  const nd = Math.max(t.ndim, 1);
  const n = rows.shape[0];
  return Array.from({ length: nd }, (_, d) => T.fromArray("int64", [n], Array.from({ length: n }, (_, i) => rows.data[i * nd + d])));
}

function named(type: string, fields: string[], items: Value[]): Value {
  return { t: "tuple", items, named: { type, fields } };
}

/** p of torch.norm: a number, inf, or 'fro'. */
function normP(v: Value | undefined): number {
  if (isNone(v)) return 2;
  if (!isTensor(v!) && v!.t === "str") {
    if (v!.v === "fro") return 2;
    throw new Unsupported(`norm with p='${v!.v}'`);
  }
  return toNumber(v!, "p");
}

function extreme(which: "max" | "min"): SharedOp {
  return (t, a, o) => {
    const other = arg(a, "other", 0, o);
    if (other && isTensor(other) && !a.kw.has("dim")) return T.binary(which, t, other);
    // other= names the element-wise overload, which takes a tensor only.
    if (a.kw.has("other")) throw new PyError("TypeError", `${which}(): argument 'other' must be Tensor, not ${typeName(other!)}`);
    const d = arg(a, "dim", 0, o);
    if (isNone(d)) return T.extreme(t, which);
    const [values, indices] = T.extremeDim(t, toInt(d!, "dim"), keepdimArg(arg(a, "keepdim", 1, o)), which);
    return named(`torch.return_types.${which}`, ["values", "indices"], [values, indices]);
  };
}

/** ATen's "<kernel>" not implemented for 'Bool' (in the evaluator's version's words) for a bool tensor; numpy's
 *  arrays of bools take these ops. */
export function refuseBool(t: PTensor, kernel: string): void {
  if (t.dtype === "bool" && !t.numpy) throw versionedError("RuntimeError", `"${kernel}" not implemented for 'Bool'`);
}

function argExtreme(which: "max" | "min"): SharedOp {
  return (t, a, o) => {
    const d = arg(a, "dim", 0, o);
    // No dim: the index into the flattened input; keepdim keeps every dim as 1.
    if (isNone(d) && t.numel === 0) throw new PyError("IndexError", `arg${which}(): Expected reduction dim to be specified for input.numel() == 0.`);
    if (!isNone(d) && !evalTorch().argBoolBeforeDim) T.normDim(toInt(d!, "dim"), t.ndim);
    refuseBool(t, `arg${which}_cpu`);
    if (isNone(d)) return keepdimArg(arg(a, "keepdim", 1, o)) ? T.reshape(T.argExtreme(t, which), t.shape.map(() => 1)) : T.argExtreme(t, which);
    return T.extremeDim(t, toInt(d!, "dim"), keepdimArg(arg(a, "keepdim", 1, o)), which)[1];
  };
}

function compare(op: string, name: string): SharedOp {
  return (t, a, o) => T.binary(op, t, operand(arg(a, "other", 0, o) ?? NONE, name, 2, "other"));
}

function logical(op: "and" | "or" | "xor"): SharedOp {
  return (t, a, o) => {
    const other = tensorArg(arg(a, "other", 0, o), `logical_${op}`, 2, "other");
    const x = T.cast(t, "bool");
    const y = T.cast(other, "bool");
    const f = op === "and" ? (p: number, q: number) => (p && q ? 1 : 0) : op === "or" ? (p: number, q: number) => (p || q ? 1 : 0) : (p: number, q: number) => (!!p !== !!q ? 1 : 0);
    return T.zipWith(x, y, T.broadcastShapes(x.shape, y.shape), "bool", f);
  };
}

/** Tensor.<op>_ / the in-place forms: the op on a snapshot, written back into the tensor (T.inplace). */
export function inplaceOf(op: SharedOp | ((t: PTensor, a: Args) => Value)): SharedOp {
  return (t, a, o, ctx) => T.inplace(t, (self) => op(self, a, o, ctx), "in-place");
}

/**
 * A uint8 mask as the op takes it: where with its deprecation warning (both versions), masked_fill / masked_select
 * with theirs in 1.13 and their errors in 2.x. Other narrow integer masks are refused (1.13's masked_fill takes an
 * int32 one, 2.x's refuses it: not reproduced); where's own error names the rest.
 */
function boolMask(mask: PTensor, op: "where" | "masked_fill" | "masked_select", a: Args, ctx: Ctx): PTensor {
  if (mask.dtype !== "uint8") {
    if (T.isNarrowInt(mask.dtype) && op !== "where") throw new Unsupported(`${op} with a torch.${mask.dtype} mask`);
    return mask;
  }
  if (op === "where") {
    ctx.warnOnce("UserWarning: where received a uint8 condition tensor. This behavior is deprecated and will be removed in a future version of PyTorch. Use a boolean condition instead.", a.span);
  } else if (!evalTorch().uint8Masks) {
    throw new PyError("RuntimeError", op === "masked_fill" ? "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char" : "masked_select: expected BoolTensor for mask");
  } else {
    ctx.warnOnce(`UserWarning: ${op === "masked_fill" ? "masked_fill_" : op} received a mask with dtype torch.uint8, this behavior is now deprecated,please use a mask with dtype torch.bool instead.`, a.span);
  }
  return T.cast(mask, "bool");
}

/** A Python number going into a narrow integer result, checked as c10 converts it (a tensor passes as it is). */
function narrowScalar(v: T.Operand, dtype: T.TDtype): T.Operand {
  if (isTensor(v) || !T.isNarrowInt(dtype)) return v;
  return { value: T.checkedNarrow(dtype, v.value, v.kind === "float", true), kind: "int" };
}

export const SHARED: Record<string, SharedOp> = {
  max: extreme("max"),
  min: extreme("min"),
  argmax: argExtreme("max"),
  argmin: argExtreme("min"),
  ge: compare(">=", "ge"),
  gt: compare(">", "gt"),
  le: compare("<=", "le"),
  lt: compare("<", "lt"),
  eq: compare("==", "eq"),
  ne: compare("!=", "ne"),
  greater: compare(">", "greater"),
  less: compare("<", "less"),
  greater_equal: compare(">=", "greater_equal"),
  less_equal: compare("<=", "less_equal"),
  logical_and: logical("and"),
  logical_or: logical("or"),
  logical_xor: logical("xor"),
  logical_not: (t) => T.zipWith(T.cast(t, "bool"), T.full([], 0, "bool"), t.shape.slice(), "bool", (p) => (p ? 0 : 1)),
  where: (t, a, o, ctx) => {
    const x = arg(a, "input", 0, o) ?? a.kw.get("self");
    const y = arg(a, "other", 1, o);
    // where(condition) alone is nonzero(condition, as_tuple=True).
    if (x === undefined && y === undefined) return { t: "tuple", items: nonzeroTuple(t) };
    const [xo, yo] = [operand(x ?? NONE, "where", 2, "input"), operand(y ?? NONE, "where", 3, "other")];
    return T.where(boolMask(t, "where", a, ctx), narrowScalar(xo, T.resultType(xo, yo)), narrowScalar(yo, T.resultType(xo, yo)));
  },
  // The version names its grad_fn (2.x: LinalgVectorNormBackward0).
  norm: (t, a, o) => {
    // torch.norm's own dtype check (1.13's words; 2.x's is linalg.vector_norm's, versions.ts).
    if (!t.isFloat) throw versionedError("RuntimeError", `norm(): input dtype should be either floating point or complex. Got ${T.dtypeName(t.dtype)} instead.`);
    return T.norm(t, normP(arg(a, "p", 0, o)), dimsArg(arg(a, "dim", 1, o)), keepdimArg(arg(a, "keepdim", 2, o)), evalTorch().normGradFn);
  },
  gather: (t, a, o) => T.gather(t, toInt(arg(a, "dim", 0, o) ?? NONE, "dim"), tensorArg(arg(a, "index", 1, o), "gather", 3, "index")),
  masked_fill: (t, a, o, ctx) => {
    const value = operand(arg(a, "value", 1, o) ?? NONE, "masked_fill", 3, "value");
    // The fill value is converted to a narrow dtype with c10's overflow check, a 0-dim tensor's too.
    const v = T.isNarrowInt(t.dtype) && isTensor(value) ? { value: value.data[0], kind: value.isFloat ? ("float" as const) : ("int" as const) } : value;
    return T.maskedFill(t, boolMask(tensorArg(arg(a, "mask", 0, o), "masked_fill", 2, "mask"), "masked_fill", a, ctx), narrowScalar(v, t.dtype));
  },
  masked_select: (t, a, o, ctx) => {
    const mask = boolMask(tensorArg(arg(a, "mask", 0, o), "masked_select", 2, "mask"), "masked_select", a, ctx);
    const shape = T.broadcastShapes(t.shape, mask.shape);
    const x = T.expand(t, shape);
    const m = T.broadcastTo(mask, shape);
    const flat = T.reshape(x, [-1]);
    const r = T.getIndex(flat, [{ k: "tensor", t: T.reshape(m, [-1]) }]);
    if (r.gradFn) r.gradFn.name = "MaskedSelectBackward0";
    return r;
  },
  topk: (t, a, o) => {
    const k = toInt(arg(a, "k", 0, o) ?? NONE, "k");
    refuseBool(t, "topk_cpu");
    const dim = isNone(arg(a, "dim", 1, o)) ? -1 : toInt(arg(a, "dim", 1, o)!, "dim");
    const largest = isNone(arg(a, "largest", 2, o)) ? true : boolArg(arg(a, "largest", 2, o));
    // sorted=False leaves ATen's partial selection order, which is not reproduced.
    const sorted = arg(a, "sorted", 3, o);
    if (!isNone(sorted) && !boolArg(sorted)) throw new Unsupported("topk with sorted=False");
    const [values, indices] = T.topk(t, k, dim, largest);
    return named("torch.return_types.topk", ["values", "indices"], [values, indices]);
  },
  sort: (t, a, o) => {
    const dim = isNone(arg(a, "dim", 0, o)) ? -1 : toInt(arg(a, "dim", 0, o)!, "dim");
    const [values, indices] = T.topk(t, null, dim, boolArg(arg(a, "descending", 1, o)));
    return named("torch.return_types.sort", ["values", "indices"], [values, indices]);
  },
  argsort: (t, a, o) => {
    const dim = isNone(arg(a, "dim", 0, o)) ? -1 : toInt(arg(a, "dim", 0, o)!, "dim");
    return T.topk(t, null, dim, boolArg(arg(a, "descending", 1, o)))[1];
  },
  permute: (t, a, o) => T.permute(t, shapeOf(a.pos.slice(o).length ? a.pos.slice(o) : [a.kw.get("dims") ?? NONE], "permute", true)),
  unbind: (t, a, o) => ({ t: "tuple", items: T.unbind(t, isNone(arg(a, "dim", 0, o)) ? 0 : toInt(arg(a, "dim", 0, o)!, "dim")) }),
  type_as: (t, a, o) => T.castOp(t, tensorArg(arg(a, "other", 0, o), "type_as", 2, "other").dtype),
  expand_as: (t, a, o) => T.expand(t, tensorArg(arg(a, "other", 0, o), "expand_as", 2, "other").shape),
  allclose: (t, a, o) => {
    const other = tensorArg(arg(a, "other", 0, o), "allclose", 2, "other");
    const rtol = isNone(arg(a, "rtol", 1, o)) ? 1e-5 : toNumber(arg(a, "rtol", 1, o)!);
    const atol = isNone(arg(a, "atol", 2, o)) ? 1e-8 : toNumber(arg(a, "atol", 2, o)!);
    const eqNan = boolArg(arg(a, "equal_nan", 3, o));
    const shape = T.broadcastShapes(t.shape, other.shape);
    const x = T.broadcastTo(t, shape);
    const y = T.broadcastTo(other, shape);
    for (let i = 0; i < x.numel; i++) {
      const p = x.data[i];
      const q = y.data[i];
      if (Number.isNaN(p) || Number.isNaN(q)) {
        if (!(eqNan && Number.isNaN(p) && Number.isNaN(q))) return bool(false);
      } else if (p !== q && !(Math.abs(p - q) <= atol + rtol * Math.abs(q))) return bool(false);
    }
    return bool(true);
  },
  equal: (t, a, o) => {
    const other = tensorArg(arg(a, "other", 0, o), "equal", 2, "other");
    return bool(T.sameShape(t.shape, other.shape) && t.data.every((v, i) => v === other.data[i]));
  },
  softplus: (t, a, o) => T.softplus(t, isNone(arg(a, "beta", 0, o)) ? 1 : toNumber(arg(a, "beta", 0, o)!), isNone(arg(a, "threshold", 1, o)) ? 20 : toNumber(arg(a, "threshold", 1, o)!)),
  any: (t, a, o) => truthAlong(t, a, o, "any"),
  all: (t, a, o) => truthAlong(t, a, o, "all"),
  isnan: (t) => T.map(t, "bool", (v) => (Number.isNaN(v) ? 1 : 0)),
  isinf: (t) => T.map(t, "bool", (v) => (v === Infinity || v === -Infinity ? 1 : 0)),
  isfinite: (t) => T.map(t, "bool", (v) => (Number.isFinite(v) ? 1 : 0)),
  count_nonzero: (t, a, o) => {
    const dims = dimsArg(arg(a, "dim", 0, o));
    const nz = T.castOp(T.binary("!=", t, { value: 0, kind: "int" }), "int64");
    return dims ? T.reduceDims(nz, dims, false, "sum") : T.scalarTensor(t.data.filter((v) => v !== 0).length, "int64");
  },
  nonzero: (t, a, o) => (boolArg(arg(a, "as_tuple", 0, o)) ? { t: "tuple", items: nonzeroTuple(t) } : nonzeroRows(t)),
  repeat: (t, a, o) => T.repeat(t, shapeOf(a.pos.slice(o), "repeat")),
  chunk: (t, a, o) => {
    const n = toInt(arg(a, "chunks", 0, o) ?? NONE, "chunks");
    if (t.ndim === 0) throw new PyError("RuntimeError", "chunk expects at least a 1-dimensional tensor");
    if (n <= 0) throw new PyError("RuntimeError", `chunk expects \`chunks\` to be greater than 0, got: ${n}`);
    const d = T.normDim(isNone(arg(a, "dim", 1, o)) ? 0 : toInt(arg(a, "dim", 1, o)!, "dim"), t.ndim);
    // An empty dim gives `chunks` empty pieces (ATen's chunk special case).
    return t.shape[d] === 0 ? { t: "tuple", items: Array.from({ length: n }, () => T.getIndex(t, [])) } : splitBy(t, d, Math.ceil(t.shape[d] / n));
  },
  split: (t, a, o) => {
    const s = arg(a, "split_size_or_sections", 0, o) ?? a.kw.get("split_size");
    if (s && !isTensor(s) && (s.t === "list" || s.t === "tuple" || s.t === "numlist")) throw new Unsupported("split with a list of sizes");
    const size = toInt(s ?? NONE, "split_size");
    if (t.ndim === 0) throw new PyError("RuntimeError", "split expects at least a 1-dimensional tensor");
    const d = T.normDim(isNone(arg(a, "dim", 1, o)) ? 0 : toInt(arg(a, "dim", 1, o)!, "dim"), t.ndim);
    if (size === 0 && t.shape[d] !== 0) throw new PyError("RuntimeError", `split_size can only be 0 if dimension size is 0, but got dimension size of ${t.shape[d]}`);
    // An empty dim is one empty piece.
    return t.shape[d] === 0 ? { t: "tuple", items: [T.getIndex(t, [])] } : splitBy(t, d, size);
  },
  flip: (t, a, o) => T.flip(t, intsArg(a, "dims", o, "flip")),
  roll: (t, a, o) => {
    const shifts = dimsArg(arg(a, "shifts", 0, o));
    if (!shifts) throw new PyError("TypeError", "roll() missing required argument 'shifts'");
    return T.roll(t, shifts, dimsArg(arg(a, "dims", 1, o)));
  },
  tril: (t, a, o) => T.triangle(t, intOr(arg(a, "diagonal", 0, o), 0), false),
  triu: (t, a, o) => T.triangle(t, intOr(arg(a, "diagonal", 0, o), 0), true),
  diagonal: (t, a, o) => T.diagonal(t, intOr(arg(a, "offset", 0, o), 0), intOr(arg(a, "dim1", 1, o), 0), intOr(arg(a, "dim2", 2, o), 1)),
  diag: (t, a, o) => T.diag(t, intOr(arg(a, "diagonal", 0, o), 0)),
  trace: (t) => T.trace(t),
  cumsum: (t, a, o) => T.cumsum(t, toInt(arg(a, "dim", 0, o) ?? NONE, "dim"), dtypeOf(a.kw.get("dtype"))),
  cumprod: (t, a, o) => T.cumprod(t, toInt(arg(a, "dim", 0, o) ?? NONE, "dim"), dtypeOf(a.kw.get("dtype"))),
  prod: (t, a, o) => {
    const d = arg(a, "dim", 0, o);
    const keep = arg(a, "keepdim", 1, o);
    if (isNone(d) && !isNone(keep)) throw new Unsupported("prod(keepdim=...) without dim");
    return T.prod(t, isNone(d) ? null : toInt(d!, "dim"), keepdimArg(keep), dtypeOf(a.kw.get("dtype")));
  },
  remainder: (t, a, o) => T.binary("%", t, operand(arg(a, "other", 0, o) ?? NONE, "remainder", 2, "other")),
  fmod: (t, a, o) => T.binary("fmod", t, operand(arg(a, "other", 0, o) ?? NONE, "fmod", 2, "other")),
  xlogy: (t, a, o) => T.xlogy(t, operand(arg(a, "other", 0, o) ?? NONE, "xlogy", 2, "other")),
  logaddexp: (t, a, o) => T.logaddexp(t, tensorArg(arg(a, "other", 0, o), "logaddexp", 2, "other")),
  atan2: (t, a, o) => T.binary("atan2", t, tensorArg(arg(a, "other", 0, o), "atan2", 2, "other")),
  arctan2: (t, a, o) => T.binary("atan2", t, tensorArg(arg(a, "other", 0, o), "arctan2", 2, "other")),
  nan_to_num: (t, a, o) => {
    const n = (k: string, i: number): number | null => (isNone(arg(a, k, i, o)) ? null : toNumber(arg(a, k, i, o)!, k));
    return T.nanToNum(t, n("nan", 0) ?? 0, n("posinf", 1), n("neginf", 2));
  },
  median: (t, a, o) => {
    const d = arg(a, "dim", 0, o);
    refuseBool(t, isNone(d) ? "median_cpu" : "median_out");
    if (isNone(d)) return T.median(t);
    const [values, indices] = T.medianDim(t, toInt(d!, "dim"), keepdimArg(arg(a, "keepdim", 1, o)));
    return named("torch.return_types.median", ["values", "indices"], [values, indices]);
  },
  quantile: (t, a, o) => {
    const q = arg(a, "q", 0, o);
    if (isNone(q)) throw new PyError("TypeError", "quantile() missing required argument 'q'");
    const interp = a.kw.get("interpolation");
    if (interp && !isTensor(interp) && interp.t === "str" && interp.v !== "linear") throw new Unsupported(`quantile with interpolation='${interp.v}'`);
    if (isTensor(q!) && t.isFloat && q.dtype !== t.dtype) throw new PyError("RuntimeError", "quantile() q tensor must be same dtype as the input tensor");
    const qs = isTensor(q!) ? Array.from(q.data) : [toNumber(q!, "q")];
    const d = arg(a, "dim", 1, o);
    return T.quantile(t, qs, !isTensor(q!) || q.ndim === 0, isNone(d) ? null : toInt(d!, "dim"), keepdimArg(arg(a, "keepdim", 2, o)));
  },
  unique: (t, a, o) => {
    if (!isNone(arg(a, "dim", 3, o))) throw new Unsupported("unique with dim");
    const sorted = arg(a, "sorted", 0, o);
    if (!isNone(sorted) && !boolArg(sorted) && !evalTorch().uniqueUnsortedSorts) throw new Unsupported(`unique(sorted=False) under PyTorch ${evalTorch().version}`);
    const u = T.unique(t);
    const items: Value[] = [u.values];
    if (boolArg(arg(a, "return_inverse", 1, o))) items.push(u.inverse);
    if (boolArg(arg(a, "return_counts", 2, o))) items.push(u.counts);
    return items.length === 1 ? items[0] : { t: "tuple", items };
  },
  bincount: (t, a, o) => {
    const w = arg(a, "weights", 0, o);
    return T.bincount(t, isNone(w) ? null : tensorArg(w, "bincount", 2, "weights"), intOr(arg(a, "minlength", 1, o), 0));
  },
  std: (t, a, o, ctx) => varStd(t, a, o, true, ctx),
  var: (t, a, o, ctx) => varStd(t, a, o, false, ctx),
  ...MORE_SHARED,
  ...MISC_SHARED,
  ...LINALG_SHARED,
};

/** A list of ints given as one list / tuple argument, or (methods) as several positional ints: flip(0, 1). */
function intsArg(a: Args, name: string, o: number, fname: string): number[] {
  const v = arg(a, name, 0, o);
  if (isNone(v)) throw new PyError("TypeError", `${fname}() missing required argument '${name}'`);
  if (!isTensor(v!) && (v!.t === "list" || v!.t === "tuple" || v!.t === "numlist")) return listItems(v!).map((x) => toInt(x, name));
  return a.pos.slice(o).map((x) => toInt(x, name));
}

/** any / all (dim=None, keepdim=False): over every element, or along one dim (a bool tensor; NaN counts as true). */
function truthAlong(t: PTensor, a: Args, o: number, op: "any" | "all"): PTensor {
  const dv = arg(a, "dim", 0, o);
  if (isNone(dv)) return T.scalarTensor((op === "any" ? t.data.some((v) => v !== 0) : t.data.every((v) => v !== 0)) ? 1 : 0, "bool");
  if (!isTensor(dv!) && (dv!.t === "tuple" || dv!.t === "list")) throw new Unsupported(`${op}() over several dims`);
  const d = T.normDim(toInt(dv!, "dim"), Math.max(t.ndim, 1));
  const keep = keepdimArg(arg(a, "keepdim", 1, o));
  const { outer, size, inner } = T.splitAt(t.ndim ? t.shape : [1], d);
  const out = T.full(keep ? t.shape.map((s, i) => (i === d ? 1 : s)) : t.shape.filter((_, i) => i !== d), op === "any" ? 0 : 1, "bool");
  for (let p = 0; p < outer; p++) {
    for (let i = 0; i < inner; i++) {
      let v = op === "all";
      for (let k = 0; k < size; k++) {
        const nz = t.data[(p * size + k) * inner + i] !== 0;
        if (op === "any" ? nz : !nz) {
          v = op === "any";
          break;
        }
      }
      out.data[p * inner + i] = v ? 1 : 0;
    }
  }
  return out;
}

function splitBy(t: PTensor, d: number, size: number): Value {
  const items: Value[] = [];
  for (let start = 0; start < t.shape[d]; start += size) {
    const items0: T.IndexItem[] = t.shape.map((_, i) => (i === d ? { k: "slice", start, stop: Math.min(start + size, t.shape[d]), step: null } : { k: "slice", start: null, stop: null, step: null }));
    items.push(T.getIndex(t, items0));
  }
  return { t: "tuple", items };
}

/**
 * std / var (dim=None, unbiased=True, keepdim=False, *, correction=None), or (unbiased) alone as the first
 * positional bool; torch.var_mean / std_mean take the same arguments.
 */
export function varOptions(a: Args, o: number, sqrt: boolean, fname: string): T.VarOptions {
  const first = arg(a, "dim", 0, o);
  const unbiasedFirst = !!first && !isTensor(first) && first.t === "bool" && !a.kw.has("dim");
  const dims = unbiasedFirst ? null : dimsArg(first);
  const unbiased = unbiasedFirst ? first : arg(a, "unbiased", 1, o);
  const correction = a.kw.get("correction");
  // PyTorch's argument parser lists every overload here; its first words, and why none matched.
  if (!isNone(unbiased) && !isNone(correction)) throw new PyError("TypeError", `${fname}() received an invalid combination of arguments - unbiased and correction cannot both be given`);
  const c = !isNone(correction) ? toNumber(correction!, "correction") : isNone(unbiased) || boolArg(unbiased) ? 1 : 0;
  return { dims, correction: c, keepdim: keepdimArg(unbiasedFirst ? a.kw.get("keepdim") : arg(a, "keepdim", 2, o)), sqrt };
}

/** The options, after 2.x's warning when a reduction has no degrees of freedom left. */
export function varArgs(t: PTensor, a: Args, o: number, sqrt: boolean, fname: string, ctx: Ctx): T.VarOptions {
  const opts = varOptions(a, o, sqrt, fname);
  if (evalTorch().varDofChecks && t.isFloat && t.numel && T.reductionFactor(t, opts.dims) - opts.correction <= 0) {
    ctx.warn(`UserWarning: ${fname}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel).`, a.span);
  }
  return opts;
}

function varStd(t: PTensor, a: Args, o: number, sqrt: boolean, ctx: Ctx): Value {
  if (t.numpy) throw new Unsupported(sqrt ? "numpy's std" : "numpy's var");
  return T.variance(t, varArgs(t, a, o, sqrt, sqrt ? "std" : "var", ctx));
}
