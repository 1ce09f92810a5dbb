// Indexing: integers, slices, None, Ellipsis and one index tensor (integer or bool mask), read with autograd
// (the gradient scatters back) and written in place.
import { budget } from "../budget";
import { PyError } from "../errors";
import { track } from "./autograd";
import { cast, full, numelOf, PTensor, storage, stridesOf, toTensor, type Operand } from "./core";
import { stridesOfT, withStrides } from "./layout";
import { broadcastTo, reduceTo, reshape } from "./shape";

export type IndexItem = { k: "int"; v: number } | { k: "slice"; start: number | null; stop: number | null; step: number | null } | { k: "none" } | { k: "ellipsis" } | { k: "tensor"; t: PTensor };

interface Plan {
  /** Output shape and, per output dim, the input stride it walks. */
  shape: number[];
  strides: number[];
  /** PyTorch's strides of the result (basic indexing is a view of t's memory). */
  layout: number[];
  offset: number;
  name: string;
  /** Advanced (integer-array) indexing on one input dim. */
  gather?: { outDim: number; stride: number; indices: number[] };
}

function sliceBounds(len: number, start: number | null, stop: number | null, step: number | null): [number, number, number] {
  const st = step ?? 1;
  if (st <= 0) throw new PyError("ValueError", "step must be greater than zero");
  const norm = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) v += len;
    return Math.min(Math.max(v, 0), len);
  };
  const a = norm(start, 0);
  const b = Math.max(norm(stop, len), a);
  return [a, Math.ceil((b - a) / st), st];
}

function plan(t: PTensor, items: IndexItem[]): Plan {
  const consumed = items.filter((i) => i.k === "int" || i.k === "slice" || i.k === "tensor").length;
  if (consumed > t.ndim) {
    throw new PyError("IndexError", `too many indices for tensor of dimension ${t.ndim}`);
  }
  const ell = items.findIndex((i) => i.k === "ellipsis");
  const expanded: IndexItem[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i === ell) for (let j = 0; j < t.ndim - consumed; j++) expanded.push({ k: "slice", start: null, stop: null, step: null });
    else if (items[i].k !== "ellipsis") expanded.push(items[i]);
  }
  const st = stridesOf(t.shape);
  const lt = stridesOfT(t);
  const p: Plan = { shape: [], strides: [], layout: [], offset: 0, name: "AliasBackward0" };
  let dim = 0;
  for (const it of expanded) {
    if (it.k === "none") {
      p.shape.push(1);
      p.strides.push(0);
      p.layout.push(dim < t.ndim ? t.shape[dim] * lt[dim] : 1);
      p.name = "UnsqueezeBackward0";
    } else if (it.k === "int") {
      const len = t.shape[dim];
      let v = it.v;
      if (v < -len || v >= len) throw new PyError("IndexError", `index ${it.v} is out of bounds for dimension ${dim} with size ${len}`);
      if (v < 0) v += len;
      p.offset += v * st[dim];
      p.name = "SelectBackward0";
      dim++;
    } else if (it.k === "slice") {
      const [a, n, step] = sliceBounds(t.shape[dim], it.start, it.stop, it.step);
      p.offset += a * st[dim];
      p.shape.push(n);
      p.strides.push(step * st[dim]);
      p.layout.push(step * lt[dim]);
      if (!(it.start === null && it.stop === null && it.step === null)) p.name = "SliceBackward0";
      dim++;
    } else if (it.k === "tensor") {
      if (p.gather) throw new PyError("IndexError", "indexing with more than one index tensor is not supported by the evaluator");
      const len = t.shape[dim];
      const idx = Array.from(it.t.data, (v) => {
        if (it.t.dtype === "bool") return v;
        if (v < -len || v >= len) throw new PyError("IndexError", `index ${v} is out of bounds for dimension ${dim} with size ${len}`);
        return v < 0 ? v + len : v;
      });
      if (it.t.dtype === "bool") {
        if (it.t.ndim !== 1 || it.t.numel !== len) throw new PyError("IndexError", "boolean mask indexing is only supported on one dimension by the evaluator");
        const picked = idx.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
        p.gather = { outDim: p.shape.length, stride: st[dim], indices: picked };
      } else {
        if (it.t.ndim > 1) throw new PyError("IndexError", "multi-dimensional index tensors are not supported by the evaluator");
        p.gather = { outDim: p.shape.length, stride: st[dim], indices: idx };
      }
      p.shape.push(p.gather.indices.length);
      p.strides.push(0);
      p.layout.push(0);
      p.name = "IndexBackward0";
      dim++;
    }
  }
  for (; dim < t.ndim; dim++) {
    p.shape.push(t.shape[dim]);
    p.strides.push(st[dim]);
    p.layout.push(lt[dim]);
  }
  return p;
}

/** Visits the flat input offset of every output element, in row-major order. */
function walk(p: Plan, visit: (outIndex: number, inOffset: number) => void): void {
  const n = numelOf(p.shape);
  const nd = p.shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let off = p.offset;
    for (let d = 0; d < nd; d++) {
      off += idx[d] * p.strides[d];
      if (p.gather && d === p.gather.outDim) off += p.gather.indices[idx[d]] * p.gather.stride;
    }
    visit(i, off);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < p.shape[d]) break;
      idx[d] = 0;
    }
  }
}

/**
 * One multi-dimensional index tensor: a bool mask over the leading dims selects from the tensor seen as
 * [mask.numel, rest...]; an integer index tensor of any shape indexes dim 0, the result shaped index.shape + rest.
 */
function flatIndex(t: PTensor, items: IndexItem[]): { src: PTensor; items: IndexItem[]; shape: number[] | null } | null {
  const it = items.length === 1 ? items[0] : null;
  if (!it || it.k !== "tensor" || it.t.ndim <= 1) return null;
  const m = it.t;
  if (m.dtype === "bool") {
    if (m.ndim > t.ndim || m.shape.some((s, i) => s !== t.shape[i])) {
      const d = m.shape.findIndex((s, i) => s !== t.shape[i]);
      throw new PyError("IndexError", `The shape of the mask [${m.shape.join(", ")}] at index ${d} does not match the shape of the indexed tensor [${t.shape.join(", ")}] at index ${d}`);
    }
    const src = reshape(t, [m.numel, ...t.shape.slice(m.ndim)]);
    return { src, items: [{ k: "tensor", t: new PTensor("bool", [m.numel], m.data) }], shape: null };
  }
  const src = t;
  return { src, items: [{ k: "tensor", t: new PTensor(m.dtype, [m.numel], m.data) }], shape: [...m.shape, ...t.shape.slice(1)] };
}

export function getIndex(t: PTensor, items: IndexItem[]): PTensor {
  const flat = flatIndex(t, items);
  if (flat) {
    const r = getIndex(flat.src, flat.items);
    if (!flat.shape) return r;
    const out = reshape(r, flat.shape);
    if (out.gradFn) out.gradFn.name = "IndexBackward0";
    return out;
  }
  if (t.ndim === 0 && items.some((i) => i.k === "int")) {
    throw new PyError("IndexError", "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  }
  const p = plan(t, items);
  const out = storage(t.dtype, numelOf(p.shape));
  walk(p, (i, off) => {
    out[i] = t.data[off];
  });
  // Advanced indexing copies (contiguous); basic indexing is a view with t's strides stepped.
  const r = withStrides(new PTensor(t.dtype, p.shape, out), p.gather ? null : p.layout);
  r.numpy = t.numpy;
  return track(r, p.name, [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    walk(p, (i, off) => {
      gi.data[off] += g.data[i];
    });
    return [gi];
  });
}

export function setIndex(t: PTensor, items: IndexItem[], value: Operand): void {
  const flat = flatIndex(t, items);
  if (flat && !flat.shape) return setIndex(flat.src, flat.items, value);
  const p = plan(t, items);
  const v = cast(toTensor(value, t.dtype), t.dtype);
  const src = broadcastTo(v, p.shape);
  walk(p, (i, off) => {
    t.data[off] = src.data[i];
  });
}

/**
 * x[items] = value as a new tensor with autograd (IndexPutBackward0 / CopySlices): the gradient of x is g with the written places
 * zeroed, the value's is g at those places (summed back over broadcast dims). T.inplace writes it into x.
 */
export function indexPut(t: PTensor, items: IndexItem[], value: Operand): PTensor {
  const flat = flatIndex(t, items);
  if (flat && !flat.shape) {
    const r = indexPut(flat.src, flat.items, value);
    const out = reshape(r, t.shape);
    if (out.gradFn) out.gradFn.name = "IndexPutBackward0";
    return out;
  }
  const p = plan(t, items);
  const v = value instanceof PTensor ? value : null;
  const src = broadcastTo(cast(toTensor(value, t.dtype), t.dtype), p.shape);
  budget().alloc(t.numel, t.data.byteLength);
  const out = new PTensor(t.dtype, t.shape.slice(), t.data.slice());
  walk(p, (i, off) => {
    out.data[off] = src.data[i];
  });
  // Advanced indexing is index_put_ (IndexPutBackward0); basic slicing writes a view (CopySlices).
  return track(out, items.some((i) => i.k === "tensor") ? "IndexPutBackward0" : "CopySlices", [t, v], (g) => {
    budget().alloc(g.numel, g.data.byteLength);
    const gt = new PTensor(g.dtype, g.shape.slice(), g.data.slice());
    const gv = storage(g.dtype, numelOf(p.shape));
    walk(p, (i, off) => {
      gv[i] += g.data[off];
      gt.data[off] = 0;
    });
    return [gt, v ? cast(reduceTo(new PTensor(g.dtype, p.shape.slice(), gv), v.shape), v.dtype) : null];
  });
}
