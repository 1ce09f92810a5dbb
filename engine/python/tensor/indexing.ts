// Indexing: integers, slices, None, Ellipsis and index tensors (integer, or a bool mask), read with autograd
// (the gradient scatters back) and written in place. Several index tensors broadcast together (x[rows, cols]);
// their block of dims stands where the first one was when they are adjacent, else in front, as PyTorch's
// advanced indexing places it (integers are selects first, so they do not separate them).
import { budget } from "../budget";
import { PyError, Unsupported } from "../errors";
import { track } from "./autograd";
import { broadcastShapes, cast, copyOf, dtypeName, full, numelOf, PTensor, storage, stridesOf, toTensor, type Operand } from "./core";
import { isNarrowInt } from "./intdtypes";
import { versionedError } from "../version";
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
  /** Advanced indexing: the output dims [outDim, outDim + shape.length) walk the index tensors' broadcast shape;
   *  each indexed input dim adds its index at that position times its stride. */
  gather?: { outDim: number; shape: number[]; dims: { stride: number; indices: ArrayLike<number> }[] };
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
  const advanced: { dim: number; at: number; t: PTensor }[] = [];
  // Positions among the non-integer items: advanced indices are adjacent when their positions are consecutive.
  let order = 0;
  let firstAdvanced = -1;
  let lastAdvanced = -1;
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
      // Collected here, placed after the walk over the items (their block's position depends on all of them).
      advanced.push({ dim, at: p.shape.length, t: indexTensor(it.t, t.shape[dim], dim) });
      lastAdvanced = order;
      dim++;
    }
    if (it.k !== "int") order++;
    if (it.k === "tensor" && firstAdvanced < 0) firstAdvanced = order - 1;
  }
  for (; dim < t.ndim; dim++) {
    p.shape.push(t.shape[dim]);
    p.strides.push(st[dim]);
    p.layout.push(lt[dim]);
  }
  if (advanced.length) {
    let shape: number[] = [];
    try {
      shape = advanced.reduce((s, a) => broadcastShapes(s, a.t.shape), [] as number[]);
    } catch {
      throw new PyError("IndexError", `shape mismatch: indexing tensors could not be broadcast together with shapes ${advanced.map((a) => `[${a.t.shape.join(", ")}]`).join(", ")}`);
    }
    const adjacent = lastAdvanced - firstAdvanced === advanced.length - 1;
    const outDim = adjacent ? advanced[0].at : 0;
    p.shape.splice(outDim, 0, ...shape);
    p.strides.splice(outDim, 0, ...shape.map(() => 0));
    p.layout.splice(outDim, 0, ...shape.map(() => 0));
    p.gather = { outDim, shape, dims: advanced.map((a) => ({ stride: st[a.dim], indices: broadcastTo(a.t, shape).data })) };
    p.name = "IndexBackward0";
  }
  return p;
}

/** An index tensor as the in-range integer indices of a dim of `len` (a 1-D bool mask: its true positions). */
function indexTensor(ix: PTensor, len: number, dim: number): PTensor {
  if (ix.dtype === "bool") {
    if (ix.ndim !== 1) throw new Unsupported("a multi-dimensional bool mask beside other indices");
    if (ix.numel !== len) throw new PyError("IndexError", `The shape of the mask [${ix.numel}] at index 0 does not match the shape of the indexed tensor [${len}] at index 0`);
    const picked: number[] = [];
    ix.data.forEach((v, i) => v && picked.push(i));
    return new PTensor("int64", [picked.length], Float64Array.from(picked));
  }
  if (ix.isFloat || isNarrowInt(ix.dtype)) throw versionedError("IndexError", "tensors used as indices must be long, byte or bool tensors");
  const out = new Float64Array(ix.numel);
  ix.data.forEach((v, i) => {
    if (v < -len || v >= len) throw new PyError("IndexError", `index ${v} is out of bounds for dimension ${dim} with size ${len}`);
    out[i] = v < 0 ? v + len : v;
  });
  return new PTensor("int64", ix.shape.slice(), out);
}

/** Visits the flat input offset of every output element, in row-major order. */
function walk(p: Plan, visit: (outIndex: number, inOffset: number) => void): void {
  const n = numelOf(p.shape);
  const nd = p.shape.length;
  const idx = new Array<number>(nd).fill(0);
  const g = p.gather;
  const gStrides = g ? stridesOf(g.shape) : [];
  for (let i = 0; i < n; i++) {
    let off = p.offset;
    for (let d = 0; d < nd; d++) off += idx[d] * p.strides[d];
    if (g) {
      let b = 0;
      for (let k = 0; k < g.shape.length; k++) b += idx[g.outDim + k] * gStrides[k];
      for (const dd of g.dims) off += dd.indices[b] * dd.stride;
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
  if (!p.gather) r.copiedView = "an indexing result";
  return track(r, p.name, [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    walk(p, (i, off) => {
      gi.data[off] += g.data[i];
    });
    return [gi];
  });
}

/**
 * The value of x[items] = value as PyTorch places it: its leading size-1 dims dropped (slicePrefix1sSize: a [1, n]
 * value fills an [n] slot, as cleanrl's `advantages[t] = lastgaelam = delta + ...` writes one), then broadcast to the
 * indexed shape, with index_put_'s error for advanced indexing and copy_'s expand error for basic indexing.
 */
function placedValue(t: PTensor, items: IndexItem[], value: Operand, shape: number[]): { src: PTensor; vShape: number[] } {
  const given = toTensor(value, t.dtype);
  let lead = 0;
  while (lead < given.ndim && given.shape[lead] === 1) lead++;
  const vShape = given.shape.slice(lead);
  const list = (d: number[]) => `[${d.join(", ")}]`;
  if (items.some((i) => i.k === "tensor")) {
    let ok = vShape.length <= shape.length;
    try {
      ok &&= broadcastShapes(vShape, shape).every((d, i) => d === shape[i]);
    } catch {
      ok = false;
    }
    if (!ok) throw new PyError("RuntimeError", `shape mismatch: value tensor of shape ${list(vShape)} cannot be broadcast to indexing result of shape ${list(shape)}`);
  } else if (vShape.length > shape.length) {
    throw new PyError("RuntimeError", `expand(torch.${dtypeName(given.dtype)}Tensor{${list(vShape)}}, size=${list(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${vShape.length})`);
  }
  const whole = cast(given, t.dtype);
  return { src: broadcastTo(lead ? new PTensor(whole.dtype, vShape, whole.data) : whole, shape), vShape };
}

export function setIndex(t: PTensor, items: IndexItem[], value: Operand): void {
  const flat = flatIndex(t, items);
  if (flat && !flat.shape) return setIndex(flat.src, flat.items, value);
  const p = plan(t, items);
  const { src } = placedValue(t, items, value, p.shape);
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
  const { src, vShape } = placedValue(t, items, value, p.shape);
  budget().alloc(t.numel, t.data.byteLength);
  const out = new PTensor(t.dtype, t.shape.slice(), copyOf(t.data));
  walk(p, (i, off) => {
    out.data[off] = src.data[i];
  });
  // Advanced indexing is index_put_ (IndexPutBackward0); basic slicing writes a view (CopySlices).
  return track(out, items.some((i) => i.k === "tensor") ? "IndexPutBackward0" : "CopySlices", [t, v], (g) => {
    budget().alloc(g.numel, g.data.byteLength);
    const gt = new PTensor(g.dtype, g.shape.slice(), copyOf(g.data));
    const gv = storage(g.dtype, numelOf(p.shape));
    walk(p, (i, off) => {
      gv[i] += g.data[off];
      gt.data[off] = 0;
    });
    const gvs = v ? cast(reduceTo(new PTensor(g.dtype, p.shape.slice(), gv), vShape), v.dtype) : null;
    return [gt, gvs && vShape.length < v!.ndim ? new PTensor(gvs.dtype, v!.shape.slice(), gvs.data) : gvs];
  });
}
