// Small ops both torch.<name>(input, ...) and Tensor.<name>(...) (shared.ts's convention: `o` the position of the
// first argument after the tensor), and a few torch-only ones: tensor/misc-ops.ts computes them.
import { PyError, Unsupported } from "../errors";
import { evalTorch, versionedError } from "../version";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { NONE, type Args, type Fn, type Value } from "../values";
import { boolArg, keepdimArg, dtypeOf, finish, isNone, kw, listItems, numberOr, tensorArg, toInt, toNumber } from "./args";
import { dimsArg, type SharedOp } from "./shared";

function arg(a: Args, name: string, pos: number, o: number): Value | undefined {
  return kw(a, name, pos + o);
}

function optTensor(v: Value | undefined, fname: string, name: string, pos: number): T.PTensor | null {
  return isNone(v) ? null : tensorArg(v, fname, pos, name);
}

/** Sizes given as one list / tuple or as several ints (tile(2, 3)). */
function sizesFrom(a: Args, name: string, o: number): number[] {
  const first = arg(a, name, 0, o);
  if (first && !isTensor(first) && (first.t === "list" || first.t === "tuple" || first.t === "numlist")) return listItems(first).map((v) => toInt(v, name));
  return a.pos.slice(o).map((v) => toInt(v, name));
}

function named(type: string, items: Value[]): Value {
  return { t: "tuple", items, named: { type, fields: ["values", "indices"] } };
}

/** A bool keyword: absent / None is false. */
function flag(a: Args, name: string): boolean {
  return boolArg(a.kw.get(name));
}

/** The tensors of f(*tensors) (or one list / tuple of them). */
function tensorsOf(a: Args, fname: string): T.PTensor[] {
  const items = a.pos.length === 1 && !isTensor(a.pos[0]) ? listItems(a.pos[0]) : a.pos;
  return items.map((v, i) => tensorArg(v, fname, i + 1, "tensors"));
}

/** searchsorted's side= and right= together. */
function rightOf(a: Args): boolean {
  const side = a.kw.get("side");
  const right = flag(a, "right");
  if (isNone(side)) return right;
  const s = !isTensor(side!) && side!.t === "str" ? side!.v : "";
  if (s !== "left" && s !== "right") throw new PyError("RuntimeError", `torch.searchsorted(): side can only be 'left' or 'right' but got ${s}`);
  if (right && s === "left") throw new PyError("RuntimeError", "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True");
  return s === "right";
}

/** A number given where a tensor goes (bucketize(1.5, b), searchsorted(b, 0.)): a 0-d tensor of its type. */
function valuesArg(v: Value | undefined, fname: string, pos: number, name: string): T.PTensor {
  if (v && !isTensor(v) && (v.t === "int" || v.t === "float" || v.t === "bool")) return T.scalarTensor(toNumber(v), v.t === "float" ? "float32" : "int64");
  return tensorArg(v, fname, pos, name);
}

/** torch.linalg.cross(input, other, *, dim=-1). */
export function linalgCross(a: Args): Value {
  const x = tensorArg(kw(a, "input", 0), "linalg_cross");
  const y = tensorArg(kw(a, "other", 1), "linalg_cross", 2, "other");
  const d = a.kw.get("dim");
  return T.cross(x, y, isNone(d) ? -1 : toInt(d!, "dim"));
}

function addProductOp(batched: boolean): SharedOp {
  const fname = batched ? "baddbmm" : "addmm";
  const [n1, n2] = batched ? ["batch1", "batch2"] : ["mat1", "mat2"];
  return (t, a, o) => {
    const x = tensorArg(arg(a, n1, 0, o), fname, 1 + o, n1);
    const y = tensorArg(arg(a, n2, 1, o), fname, 2 + o, n2);
    return T.addProduct(t, x, y, numberOr(a.kw.get("beta"), 1, "beta"), numberOr(a.kw.get("alpha"), 1, "alpha"), batched);
  };
}

const REDUCES = ["sum", "prod", "mean", "amax", "amin"];

/** scatter_reduce(input, dim, index, src, reduce, *, include_self=True); 1.13 warns that it is in beta. */
const scatterReduce: SharedOp = (t, a, o, ctx) => {
  const dim = toInt(arg(a, "dim", 0, o) ?? NONE, "dim");
  const index = tensorArg(arg(a, "index", 1, o), "scatter_reduce", 2 + o, "index");
  const src = tensorArg(arg(a, "src", 2, o), "scatter_reduce", 3 + o, "src");
  const rv = arg(a, "reduce", 3, o);
  const reduce = rv && !isTensor(rv) && rv.t === "str" ? rv.v : "";
  const inc = a.kw.get("include_self");
  if (evalTorch().scatterReduceBeta) ctx.warnOnce("UserWarning: scatter_reduce() is in beta and the API may change at any time.", a.span);
  if (reduce === "max" || reduce === "min") throw new Unsupported(`scatter_reduce with reduce='${reduce}'`);
  if (!REDUCES.includes(reduce)) throw new PyError("RuntimeError", evalTorch().scatterReduceBadReduce(reduce));
  return T.scatterReduce(t, dim, index, src, reduce as T.ScatterReduce, isNone(inc) ? true : boolArg(inc));
};

export const MISC_SHARED: Record<string, SharedOp> = {
  scatter_reduce: scatterReduce,
  histc: (t, a, o) => T.histc(t, isNone(arg(a, "bins", 0, o)) ? 100 : toInt(arg(a, "bins", 0, o)!, "bins"), numberOr(arg(a, "min", 1, o), 0, "min"), numberOr(arg(a, "max", 2, o), 0, "max")),
  masked_scatter: (t, a, o) => T.maskedScatter(t, tensorArg(arg(a, "mask", 0, o), "masked_scatter", 1 + o, "mask"), tensorArg(arg(a, "source", 1, o), "masked_scatter", 2 + o, "source")),
  addmm: addProductOp(false),
  baddbmm: addProductOp(true),
  cov: (t, a) => {
    const c = a.kw.get("correction");
    return T.cov(t, isNone(c) ? 1 : toInt(c!, "correction"), optTensor(a.kw.get("fweights"), "cov", "fweights", 2), optTensor(a.kw.get("aweights"), "cov", "aweights", 3));
  },
  corrcoef: (t) => T.corrcoef(t),
  // cross(input, other, dim=None): without dim the first dim of size 3 (2.x warns that this is deprecated).
  cross: (t, a, o, ctx) => {
    const y = tensorArg(arg(a, "other", 0, o), "cross", 1 + o, "other");
    const d = arg(a, "dim", 1, o);
    if (!isNone(d)) return T.cross(t, y, toInt(d!, "dim"));
    const shape = T.broadcastShapes(t.shape, y.shape);
    const dim = shape.indexOf(3);
    if (dim < 0) throw new PyError("RuntimeError", "no dimension of size 3 in input");
    if (evalTorch().crossDimWarning) {
      ctx.warnOnce(
        "UserWarning: Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with that of linalg.cross in a future release.",
        a.span,
      );
    }
    return T.cross(t, y, dim);
  },
  mode: (t, a, o) => {
    const d = arg(a, "dim", 0, o);
    return named("torch.return_types.mode", T.mode(t, isNone(d) ? -1 : toInt(d!, "dim"), keepdimArg(arg(a, "keepdim", 1, o))));
  },
  diff: (t, a, o) => {
    const n = arg(a, "n", 0, o);
    const d = arg(a, "dim", 1, o);
    return T.diff(t, isNone(n) ? 1 : toInt(n!, "n"), isNone(d) ? -1 : toInt(d!, "dim"), optTensor(arg(a, "prepend", 2, o), "diff", "prepend", 3 + o), optTensor(arg(a, "append", 3, o), "diff", "append", 4 + o));
  },
  index_select: (t, a, o) => {
    const d = T.normDim(toInt(arg(a, "dim", 0, o) ?? NONE, "dim"), t.ndim);
    const given = tensorArg(arg(a, "index", 1, o), "index_select", 2 + o, "index");
    const idx = given.dtype === "int32" ? T.cast(given, "int64") : given;
    if (idx.ndim > 1) throw new PyError("IndexError", "index_select(): Index is supposed to be a vector");
    if (idx.dtype !== "int64") throw new PyError("RuntimeError", "index_select(): Expected dtype int32 or int64 for index");
    const size = t.ndim ? t.shape[d] : 1;
    if (Array.from(idx.data).some((i) => i < 0 || i >= size)) throw new PyError("IndexError", "index out of range in self");
    if (t.ndim === 0) return T.reshape(t, [], "ViewBackward0");
    return T.indexSelect(t, d, Array.from(idx.data));
  },
  narrow: (t, a, o) => T.narrow(t, toInt(arg(a, "dim", 0, o) ?? NONE, "dim"), toInt(arg(a, "start", 1, o) ?? NONE, "start"), toInt(arg(a, "length", 2, o) ?? NONE, "length")),
  ravel: (t) => T.ravel(t),
  tile: (t, a, o) => T.tile(t, sizesFrom(a, "dims", o)),
  take_along_dim: (t, a, o) => {
    const idx = tensorArg(arg(a, "indices", 0, o), "take_along_dim", 2 + o, "indices");
    const d = arg(a, "dim", 1, o);
    return T.takeAlongDim(t, idx, isNone(d) ? null : toInt(d!, "dim"));
  },
  sgn: (t) => T.sgn(t),
  signbit: (t) => T.signbit(t),
  exp2: (t) => T.exp2(t),
  fmax: (t, a, o) => T.fextreme(t, tensorArg(arg(a, "other", 0, o), "fmax", 1 + o, "other"), "max"),
  fmin: (t, a, o) => T.fextreme(t, tensorArg(arg(a, "other", 0, o), "fmin", 1 + o, "other"), "min"),
  nansum: (t, a, o) => {
    const dt = dtypeOf(a.kw.get("dtype"));
    if (dt && t.isFloat && T.isIntegral(dt, true) && t.numel > 0 && !evalTorch().nansumIntoIntegral) throw versionedError("RuntimeError", `"nansum_cpu" not implemented for '${T.dtypeName(dt)}'`);
    return T.nansum(dt ? T.castOp(t, dt) : t, dimsArg(arg(a, "dim", 0, o)), keepdimArg(arg(a, "keepdim", 1, o)));
  },
  nanmean: (t, a, o) => {
    const dt = dtypeOf(a.kw.get("dtype"));
    T.nanmeanInput(t);
    if (dt && T.isIntegral(dt, true)) {
      throw versionedError("RuntimeError", evalTorch().nansumIntoIntegral ? `nanmean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${T.dtypeName(dt)}` : `"nansum_cpu" not implemented for '${T.dtypeName(dt)}'`);
    }
    return T.nanmean(dt ? T.castOp(t, dt) : t, dimsArg(arg(a, "dim", 0, o)), keepdimArg(arg(a, "keepdim", 1, o)));
  },
};

/** trapz / trapezoid(y, x=None, *, dx=None, dim=-1). */
function trapezoidCall(a: Args, fname: string): Value {
  const y = tensorArg(kw(a, "y", 0) ?? a.kw.get("input"), fname);
  const x = kw(a, "x", 1);
  const dx = a.kw.get("dx");
  const d = a.kw.get("dim");
  const dim = isNone(d) ? -1 : toInt(d!, "dim");
  if (!isNone(x) && isTensor(x!)) {
    if (!isNone(dx)) throw new PyError("RuntimeError", "trapezoid: received both x and dx; you may only pass one of them");
    return T.trapezoid(y, x, dim);
  }
  return T.trapezoid(y, isNone(x) ? numberOr(dx, 1, "dx") : toNumber(x!, "dx"), dim);
}

function triIndicesCall(a: Args, upper: boolean): Value {
  const dt = dtypeOf(a.kw.get("dtype"));
  const r = T.triIndices(toInt(kw(a, "row", 0) ?? NONE, "row"), toInt(kw(a, "col", 1) ?? NONE, "col"), isNone(kw(a, "offset", 2)) ? 0 : toInt(kw(a, "offset", 2)!, "offset"), upper);
  return dt ? T.castOp(r, dt) : r;
}

/** torch-only functions. */
export const MISC_TORCH: Record<string, Fn> = {
  searchsorted: (a) => {
    const sorted = tensorArg(kw(a, "sorted_sequence", 0), "searchsorted", 1, "sorted_sequence");
    const values = valuesArg(kw(a, "input", 1) ?? a.kw.get("self"), "searchsorted", 2, "input");
    if (!isNone(a.kw.get("sorter"))) throw new Unsupported("torch.searchsorted(..., sorter=...)");
    if (flag(a, "out_int32")) throw new Unsupported("torch.searchsorted(..., out_int32=True): the evaluator has no int32");
    return T.searchsorted(sorted, values, rightOf(a));
  },
  bucketize: (a) => {
    const values = valuesArg(kw(a, "input", 0), "bucketize", 1, "input");
    const b = tensorArg(kw(a, "boundaries", 1), "bucketize", 2, "boundaries");
    if (b.ndim !== 1) throw new PyError("RuntimeError", `boundaries tensor must be 1 dimension, but got dim(${b.ndim})`);
    if (flag(a, "out_int32")) throw new Unsupported("torch.bucketize(..., out_int32=True): the evaluator has no int32");
    return T.searchsorted(b, values, flag(a, "right"));
  },
  triu_indices: (a) => triIndicesCall(a, true),
  tril_indices: (a) => triIndicesCall(a, false),
  cartesian_prod: (a) => T.cartesianProd(tensorsOf(a, "cartesian_prod")),
  block_diag: (a) => T.blockDiag(tensorsOf(a, "block_diag")),
  combinations: (a) => {
    const r = kw(a, "r", 1);
    return T.combinations(tensorArg(kw(a, "input", 0), "combinations"), isNone(r) ? 2 : toInt(r!, "r"), boolArg(kw(a, "with_replacement", 2)));
  },
  trapz: (a) => trapezoidCall(a, "trapz"),
  trapezoid: (a) => trapezoidCall(a, "trapezoid"),
  logspace: (a) => {
    const steps = kw(a, "steps", 2);
    if (isNone(steps)) throw new PyError("TypeError", "logspace() missing required argument 'steps' (pos 3)");
    const dt = dtypeOf(a.kw.get("dtype")) ?? "float32";
    return finish(T.logspace(toNumber(kw(a, "start", 0) ?? NONE, "start"), toNumber(kw(a, "end", 1) ?? NONE, "end"), toInt(steps!, "steps"), numberOr(kw(a, "base", 3), 10, "base"), dt), a);
  },
};
