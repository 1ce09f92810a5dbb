// Ops that lay a tensor's elements out again, as ATen composes them: repeat_interleave (index_select by the
// repeated indices; 2.x expands an int repeats instead: TorchBehaviour.repeatInterleaveExpand), tensor_split
// (slices), meshgrid (views expanded) and amax / amin over several dims.
import { errorIn } from "../../api/versions";
import { budget } from "../budget";
import { PyError, Unsupported } from "../errors";
import { evalTorch } from "../version";
import { track } from "./autograd";
import { dtypeName, fromArray, full, normDim, PTensor, splitAt, storage, stridesOf } from "./core";
import { getIndex, type IndexItem } from "./indexing";
import { expand } from "./select";
import { clone, flatten, reshape, unsqueeze } from "./shape";

/** index_select(dim, index): IndexSelectBackward0 (index_add into zeros, the gradients added in index order). */
export function indexSelect(t: PTensor, d: number, index: number[]): PTensor {
  const { outer, size, inner } = splitAt(t.shape, d);
  const n = index.length;
  budget().charge(outer * n * inner);
  const out = storage(t.dtype, outer * n * inner, true);
  for (let o = 0; o < outer; o++) for (let j = 0; j < n; j++) for (let i = 0; i < inner; i++) out[(o * n + j) * inner + i] = t.data[(o * size + index[j]) * inner + i];
  const shape = t.shape.slice();
  shape[d] = n;
  return track(new PTensor(t.dtype, shape, out), "IndexSelectBackward0", [t], (g) => {
    const r = g.dtype === "float32" ? Math.fround : (x: number) => x;
    const gi = full(t.shape.slice(), 0, g.dtype);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < inner; i++) {
          const to = (o * size + index[j]) * inner + i;
          gi.data[to] = r(gi.data[to] + g.data[(o * n + j) * inner + i]);
        }
      }
    }
    return [gi];
  });
}

/** torch.repeat_interleave(repeats): the indices 0, 1, ... each repeated its count (a 1-D integer tensor). */
export function repeatIndices(repeats: PTensor): number[] {
  if (repeats.dtype !== "int64") {
    const r = errorIn(evalTorch().version, "RuntimeError", `"repeat_interleave_cpu" not implemented for '${dtypeName(repeats.dtype)}'`);
    throw new PyError(r.kind, r.message);
  }
  if (repeats.ndim !== 1) throw new PyError("RuntimeError", "repeat_interleave only accept 1D vector as repeat");
  if (repeats.data.some((v) => v < 0)) throw new PyError("RuntimeError", "repeats can not be negative");
  let total = 0;
  for (const c of repeats.data) total += c;
  budget().charge(total);
  const out: number[] = [];
  for (let i = 0; i < repeats.numel; i++) for (let k = 0; k < repeats.data[i]; k++) out.push(i);
  return out;
}

/** input.repeat_interleave(repeats, dim=None): an int or a tensor of counts (one, or one per element along dim). */
export function repeatInterleave(t: PTensor, repeats: number | PTensor, dim: number | null): PTensor {
  const name = evalTorch().reshapeGradFn;
  const input = dim === null ? flatten(t, 0, -1, name) : t;
  // A 0-d input with a dim: index_select's "no dimensions" error (2.x's number of repeats: its unsqueeze's, below).
  if (dim !== null && t.ndim === 0 && !(typeof repeats === "number" && evalTorch().repeatInterleaveExpand)) normDim(dim, 0, false);
  const d = dim === null ? 0 : normDim(dim, t.ndim);
  if (typeof repeats === "number" && evalTorch().repeatInterleaveExpand) {
    // 2.x: input.unsqueeze(dim + 1).expand(..., repeats, ...).clone().flatten(dim, dim + 1)
    if (repeats < 0) throw new PyError("RuntimeError", "Repeats must be non-negative");
    const u = unsqueeze(input, d + 1);
    const shape = u.shape.slice();
    shape[d + 1] = repeats;
    return flatten(clone(expand(u, shape)), d, d + 1, "ViewBackward0");
  }
  const size = input.ndim ? input.shape[d] : 1;
  let counts = typeof repeats === "number" ? fromArray("int64", [1], [repeats]) : repeats;
  if (counts.ndim === 0 || (counts.ndim === 1 && counts.shape[0] === 1)) counts = full([size], counts.data[0], counts.dtype);
  else if (counts.ndim === 1) {
    if (counts.shape[0] !== size) {
      const more = evalTorch().repeatInterleaveExpand ? `, but got repeats.size(0) = ${counts.shape[0]} and input.size(${d}) = ${size}` : "";
      throw new PyError("RuntimeError", `repeats must have the same size as input along dim${more}`);
    }
  } else throw new PyError("RuntimeError", "repeats must be 0-dim or 1-dim tensor");
  return indexSelect(input.ndim ? input : reshape(input, [1]), d, repeatIndices(counts));
}

/** tensor_split(sections) / tensor_split(indices) along dim: views (SliceBackward0). */
export function tensorSplit(t: PTensor, spec: number | number[], dim: number): PTensor[] {
  if (t.ndim === 0) throw new PyError("RuntimeError", "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  if (typeof spec === "number" && spec <= 0) throw new PyError("RuntimeError", `number of sections must be larger than 0, got ${spec}`);
  const d = normDim(dim, t.ndim);
  const size = t.shape[d];
  const bounds: [number, number][] = [];
  if (typeof spec === "number") {
    // The first size % sections parts take one element more.
    const base = Math.floor(size / spec);
    const extra = size % spec;
    let start = 0;
    for (let k = 0; k < spec; k++) {
      const len = base + (k < extra ? 1 : 0);
      bounds.push([start, start + len]);
      start += len;
    }
  } else {
    let start = 0;
    for (const end of spec) {
      bounds.push([start, end]);
      start = end;
    }
    bounds.push([start, size]);
  }
  return bounds.map(([start, stop]) => {
    const items: IndexItem[] = t.shape.map((_, i) => (i === d ? { k: "slice", start, stop, step: null } : { k: "slice", start: null, stop: null, step: null }));
    return getIndex(t, items);
  });
}

/** torch.meshgrid(*tensors, indexing): each 0-D / 1-D tensor viewed along its own dim and expanded (ExpandBackward0);
 *  'xy' swaps the first two inputs and outputs. */
export function meshgrid(ts: PTensor[], indexing: string): PTensor[] {
  if (!ts.length) throw new PyError("RuntimeError", "meshgrid expects a non-empty TensorList");
  for (let i = 0; i + 1 < ts.length; i++) {
    if (ts[i].dtype !== ts[i + 1].dtype) throw new PyError("RuntimeError", "meshgrid expects all tensors to have the same dtype");
  }
  if (indexing !== "xy" && indexing !== "ij") throw new PyError("RuntimeError", `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`);
  const swap = indexing === "xy" && ts.length >= 2;
  const refs = swap ? [ts[1], ts[0], ...ts.slice(2)] : ts.slice();
  // PyTorch prints the offending tensor in C++'s format here, which the evaluator does not write.
  if (refs.some((t) => t.ndim > 1)) throw new Unsupported("torch.meshgrid of a tensor of more than one dimension (PyTorch's error prints it in C++'s format)");
  const shape = refs.map((t) => t.numel);
  const grids = refs.map((t, i) => expand(reshape(t, shape.map((_, j) => (j === i ? -1 : 1))), shape));
  if (swap) [grids[0], grids[1]] = [grids[1], grids[0]];
  return grids;
}

/** amax / amin over dims (none: every dim): AmaxBackward0 / AminBackward0, the gradient shared evenly among the
 *  elements equal to the result ((grad / count) * mask). */
export function amaxDims(t: PTensor, dims: number[] | null, keepdim: boolean, which: "max" | "min"): PTensor {
  const fname = which === "max" ? "amax" : "amin";
  const nd = Math.max(t.ndim, 1);
  if (!dims?.length && t.numel === 0) {
    throw new PyError("RuntimeError", `${fname}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const ds = dims && dims.length ? dims.map((d) => normDim(d, nd)) : Array.from({ length: t.ndim }, (_, i) => i);
  const dup = ds.find((d, i) => ds.indexOf(d) !== i);
  if (dup !== undefined) throw new PyError("RuntimeError", `dim ${dup} appears multiple times in the list of dims`);
  for (const d of [...ds].sort((a, b) => a - b)) {
    if (t.ndim && t.shape[d] === 0) throw new PyError("IndexError", `${fname}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  budget().charge(t.numel);
  const reduced = t.shape.map((_, i) => ds.includes(i));
  const kept = t.shape.map((s, i) => (reduced[i] ? 1 : s));
  const outShape = keepdim ? kept : t.shape.filter((_, i) => !reduced[i]);
  const kst = stridesOf(kept);
  // Each element's output position: its index with the reduced dims dropped.
  const pos = new Int32Array(t.numel);
  const idx = new Array<number>(t.ndim).fill(0);
  for (let e = 0; e < t.numel; e++) {
    let p = 0;
    for (let d = 0; d < t.ndim; d++) if (!reduced[d]) p += idx[d] * kst[d];
    pos[e] = p;
    for (let d = t.ndim - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
    }
  }
  const m = kept.reduce((p, q) => p * q, 1);
  const out = storage(t.dtype, m, true);
  out.fill(which === "max" ? -Infinity : Infinity);
  for (let e = 0; e < t.numel; e++) {
    const v = t.data[e];
    const cur = out[pos[e]];
    if (Number.isNaN(cur)) continue;
    if (Number.isNaN(v) || (which === "max" ? v > cur : v < cur)) out[pos[e]] = v;
  }
  const res = new PTensor(t.dtype, outShape, out);
  if (!t.isFloat) return res;
  return track(res, which === "max" ? "AmaxBackward0" : "AminBackward0", [t], (g) => {
    const r = g.dtype === "float32" ? Math.fround : (x: number) => x;
    const count = new Float64Array(m);
    for (let e = 0; e < t.numel; e++) if (t.data[e] === out[pos[e]]) count[pos[e]]++;
    const gi = storage(g.dtype, t.numel, true);
    for (let e = 0; e < t.numel; e++) {
      const q = r(g.data[pos[e]] / count[pos[e]]);
      gi[e] = t.data[e] === out[pos[e]] ? q : q * 0;
    }
    return [new PTensor(g.dtype, t.shape.slice(), gi)];
  });
}
