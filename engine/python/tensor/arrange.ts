// Ops that move elements without arithmetic: flip, roll, tril / triu, diagonal, diag, and trace (a diagonal's sum).
// Each is one `pick`: every output element copies one input element (or is 0), and the gradient goes back to
// where it came from (one source per output element: the backward writes, it never adds).
import { budget } from "../budget";
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { normDim, numelOf, PTensor, scalarTensor, storage, stridesOf } from "./core";

/** The output of `shape` whose element at index idx is t's element src(idx) (a flat index), or 0 where src is -1. */
function pick(t: PTensor, shape: number[], src: (idx: number[]) => number, name: string): PTensor {
  budget().charge(t.numel);
  const n = numelOf(shape);
  const from = new Int32Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    from[i] = src(idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  const out = storage(t.dtype, n);
  for (let i = 0; i < n; i++) if (from[i] >= 0) out[i] = t.data[from[i]];
  const r = new PTensor(t.dtype, shape, out);
  r.numpy = t.numpy;
  return track(r, name, [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let i = 0; i < n; i++) if (from[i] >= 0) back[from[i]] = g.data[i];
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}

/** The flat index of idx in t. */
function flat(st: number[], idx: number[]): number {
  let off = 0;
  for (let d = 0; d < idx.length; d++) off += idx[d] * st[d];
  return off;
}

function dimList(t: PTensor, dims: number[]): number[] {
  const ds = dims.map((d) => normDim(d, t.ndim));
  const dup = ds.find((d, i) => ds.indexOf(d) !== i);
  if (dup !== undefined) throw new PyError("RuntimeError", `dim ${dup} appears multiple times in the list of dims`);
  return ds;
}

/** flip(dims): FlipBackward0. */
export function flip(t: PTensor, dims: number[]): PTensor {
  const ds = dimList(t, dims);
  const st = stridesOf(t.shape);
  return pick(t, t.shape.slice(), (idx) => flat(st, idx.map((v, d) => (ds.includes(d) ? t.shape[d] - 1 - v : v))), "FlipBackward0");
}

/** roll(shifts, dims): each dim shifted circularly; without dims, the flattened tensor (RollBackward0). */
export function roll(t: PTensor, shifts: number[], dims: number[] | null): PTensor {
  if (dims === null || dims.length === 0) {
    if (shifts.length !== 1) throw new PyError("RuntimeError", `shifts and dimensions must align. shifts: ${shifts.length}, dims:0`);
    const n = t.numel;
    return pick(t, t.shape.slice(), (idx) => {
      const i = flat(stridesOf(t.shape), idx);
      return n ? (((i - shifts[0]) % n) + n) % n : 0;
    }, "RollBackward0");
  }
  if (shifts.length !== dims.length) throw new PyError("RuntimeError", `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  const ds = dims.map((d) => normDim(d, t.ndim, false));
  const st = stridesOf(t.shape);
  return pick(t, t.shape.slice(), (idx) => {
    const s = idx.slice();
    ds.forEach((d, k) => (s[d] = (((s[d] - shifts[k]) % t.shape[d]) + t.shape[d]) % t.shape[d]));
    return flat(st, s);
  }, "RollBackward0");
}

/** tril / triu(diagonal): the last two dims' lower / upper triangle, the rest 0 (TrilBackward0 / TriuBackward0). */
export function triangle(t: PTensor, k: number, upper: boolean): PTensor {
  const fname = upper ? "triu" : "tril";
  if (t.ndim < 2 && !evalTorch().triangleRankCheck) normDim(-2, t.ndim, false);
  if (t.ndim < 2) throw new PyError("RuntimeError", `${fname}: input tensor must have at least 2 dimensions`);
  const st = stridesOf(t.shape);
  const nd = t.ndim;
  return pick(t, t.shape.slice(), (idx) => {
    const above = idx[nd - 1] - idx[nd - 2];
    return (upper ? above >= k : above <= k) ? flat(st, idx) : -1;
  }, upper ? "TriuBackward0" : "TrilBackward0");
}

/** The positions of diagonal(offset, dim1, dim2): the other dims in order, then the diagonal (DiagonalBackward0). */
export function diagonal(t: PTensor, offset: number, dim1: number, dim2: number, name = "DiagonalBackward0"): PTensor {
  const d1 = normDim(dim1, t.ndim);
  const d2 = normDim(dim2, t.ndim);
  if (d1 === d2) throw new PyError("RuntimeError", `diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const len = Math.max(0, offset >= 0 ? Math.min(t.shape[d1], t.shape[d2] - offset) : Math.min(t.shape[d1] + offset, t.shape[d2]));
  const rest = t.shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  const st = stridesOf(t.shape);
  const r = pick(t, [...rest.map((i) => t.shape[i]), len], (idx) => {
    const full = new Array<number>(t.ndim);
    rest.forEach((d, k) => (full[d] = idx[k]));
    const j = idx[idx.length - 1];
    full[d1] = offset >= 0 ? j : j - offset;
    full[d2] = offset >= 0 ? j + offset : j;
    return flat(st, full);
  }, name);
  // torch.diag of a matrix copies; diagonal() is a view.
  if (name === "DiagonalBackward0") r.copiedView = "a diagonal";
  return r;
}

/** torch.diag(t, diagonal): a vector on a square matrix's diagonal, or a matrix's diagonal as a vector. */
export function diag(t: PTensor, k: number): PTensor {
  const name = evalTorch().diagGradFn(t.ndim === 1);
  if (t.ndim === 2) return diagonal(t, k, 0, 1, name);
  if (t.ndim !== 1) throw new PyError("RuntimeError", "diag(): Supports 1D or 2D tensors. Got " + t.ndim + "D");
  const n = t.numel + Math.abs(k);
  return pick(t, [n, n], ([i, j]) => (j - i === k ? (k >= 0 ? i : j) : -1), name);
}

/** trace: the diagonal's sum, accumulated in double for floats (TraceBackward0); integers give int64. */
export function trace(t: PTensor): PTensor {
  if (t.ndim !== 2) throw new PyError("RuntimeError", `trace: expected a matrix, but got tensor with dim ${t.ndim}`);
  if (t.dtype === "bool") throw versionedError("RuntimeError", `"trace" not implemented for 'Bool'`);
  const n = Math.min(t.shape[0], t.shape[1]);
  let s = 0;
  for (let i = 0; i < n; i++) s += t.data[i * t.shape[1] + i];
  const r = scalarTensor(s, t.isFloat ? t.dtype : "int64");
  return track(r, "TraceBackward0", [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let i = 0; i < n; i++) back[i * t.shape[1] + i] = g.data[0];
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
}
