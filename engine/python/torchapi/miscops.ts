// Small ops both torch.<name>(input, ...) and Tensor.<name>(...) (shared.ts's convention: `o` the position of the
// first argument after the tensor), and a few torch-only ones: tensor/misc-ops.ts computes them.
import { PyError } from "../errors";
import * as T from "../tensor";
import { isTensor } from "../tensor";
import { NONE, type Args, type Fn, type Value } from "../values";
import { boolArg, dtypeOf, finish, isNone, kw, listItems, numberOr, tensorArg, toInt, toNumber } from "./args";
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

export const MISC_SHARED: Record<string, SharedOp> = {
  diff: (t, a, o) => {
    const n = arg(a, "n", 0, o);
    const d = arg(a, "dim", 1, o);
    return T.diff(t, isNone(n) ? 1 : toInt(n!, "n"), isNone(d) ? -1 : toInt(d!, "dim"), optTensor(arg(a, "prepend", 2, o), "diff", "prepend", 3 + o), optTensor(arg(a, "append", 3, o), "diff", "append", 4 + o));
  },
  index_select: (t, a, o) => {
    const d = T.normDim(toInt(arg(a, "dim", 0, o) ?? NONE, "dim"), t.ndim);
    const idx = tensorArg(arg(a, "index", 1, o), "index_select", 2 + o, "index");
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
    return T.nansum(dt ? T.castOp(t, dt) : t, dimsArg(arg(a, "dim", 0, o)), boolArg(arg(a, "keepdim", 1, o)));
  },
  nanmean: (t, a, o) => {
    const dt = dtypeOf(a.kw.get("dtype"));
    return T.nanmean(dt ? T.castOp(t, dt) : t, dimsArg(arg(a, "dim", 0, o)), boolArg(arg(a, "keepdim", 1, o)));
  },
};

/** torch-only functions. */
export const MISC_TORCH: Record<string, Fn> = {
  logspace: (a) => {
    const steps = kw(a, "steps", 2);
    if (isNone(steps)) throw new PyError("TypeError", "logspace() missing required argument 'steps' (pos 3)");
    const dt = dtypeOf(a.kw.get("dtype")) ?? "float32";
    return finish(T.logspace(toNumber(kw(a, "start", 0) ?? NONE, "start"), toNumber(kw(a, "end", 1) ?? NONE, "end"), toInt(steps!, "steps"), numberOr(kw(a, "base", 3), 10, "base"), dt), a);
  },
};
