// Shape ops: views (reshape / view / flatten, squeeze, unsqueeze share storage as PyTorch's views do),
// transposes (copies of the values; PyTorch's strides recorded, layout.ts), cat / stack, expand, and reduceTo (sum a broadcast gradient back to a shape).
import { PyError } from "../errors";
import { track, withNoGrad } from "./autograd";
import { broadcastShapes, cast, copyOf, full, normDim, numelOf, PTensor, sameShape, splitAt, storage, stridesOf, promoteTypes, type TDtype } from "./core";
import { zipWith } from "./elementwise";
import { preservedStrides, sameLayout, stridesOfT, unsqueezeStrides, viewOrRaise, viewStrides, withStrides } from "./layout";
import { reduceDims } from "./select";
import { expandedDimsOf, sumToExpanded } from "./sumto";

/** Sums a gradient over the dimensions that were broadcast, back to shape. */
export function reduceTo(g: PTensor, shape: number[]): PTensor {
  if (sameShape(g.shape, shape)) return g;
  // A gradient held as an expanded view, or one with dims of size 1 (which TensorIterator coalesces away, so a sum
  // over the dims around one is a single run): TensorIterator's own order (tensor/sumto.ts).
  const expanded = expandedDimsOf(g);
  if (g.isFloat && (expanded || g.shape.includes(1))) return sumToExpanded(g, expanded ?? g.shape.map(() => false), shape);
  // ATen's sum_to: one sum over the leading dims and those where shape has 1 (keepdim), in one reduction's order.
  const lead = g.ndim - shape.length;
  const dims = g.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1));
  const t = dims.length ? reduceDims(g, dims, true, "sum") : g;
  return reshape(t, shape);
}


export function inferShape(shape: number[], numel: number, fnName = "view"): number[] {
  const infer = shape.indexOf(-1);
  if (shape.filter((s) => s === -1).length > 1) throw new PyError("RuntimeError", "only one dimension can be inferred");
  for (const s of shape) if (s < -1) throw new PyError("RuntimeError", `invalid shape dimension ${s}`);
  const known = shape.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new PyError("RuntimeError", `shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new PyError("RuntimeError", `shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
  }
  void fnName;
  return out;
}

/** A view PyTorch makes of t: when t is itself a copied view (core.ts PTensor.copiedView), so is out, and a write into
 *  it would miss the same base. */
function viewKeepsCopy(out: PTensor, t: PTensor): PTensor {
  out.copiedView = t.copiedView;
  return out;
}

/**
 * reshape / flatten: the result shares the storage, as PyTorch's views do; a tensor whose memory cannot be seen in
 * the new shape is copied by PyTorch (contiguous), else the view keeps its layout.
 */
export function reshape(t: PTensor, shape: number[], name = "ViewBackward0"): PTensor {
  const s = inferShape(shape, t.numel);
  const strides = t.strides && viewStrides(t.shape, t.strides, s);
  // PyTorch copies only where no strides show t's memory in the new shape.
  return reshaped(t, s, strides, name, !t.strides || strides !== null);
}

/** Tensor.view / view_as: reshape, or PyTorch's error where t's strides do not allow the view. */
export function view(t: PTensor, shape: number[]): PTensor {
  const s = inferShape(shape, t.numel);
  return reshaped(t, s, viewOrRaise(t, s), "ViewBackward0", true);
}

/** t's storage seen as shape s with PyTorch's strides (null: contiguous); isView: PyTorch's result is a view of t. */
function reshaped(t: PTensor, s: number[], strides: number[] | null, name: string, isView: boolean): PTensor {
  const out = withStrides(new PTensor(t.dtype, s, t.data), strides);
  out.numpy = t.numpy;
  if (isView) viewKeepsCopy(out, t);
  return track(out, name, [t], (g) => [reshape(g, t.shape)]);
}

/** flatten(start_dim, end_dim): dims start..end merged into one; the tensor itself when they are one dim already. */
export function flatten(t: PTensor, startDim: number, endDim: number, name: string): PTensor {
  if (t.ndim === 0) {
    normDim(startDim, 0);
    normDim(endDim, 0);
    return reshape(t, [1], name);
  }
  const s = normDim(startDim, t.ndim);
  const e = normDim(endDim, t.ndim);
  if (s > e) throw new PyError("RuntimeError", "flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return t;
  return reshape(t, [...t.shape.slice(0, s), t.shape.slice(s, e + 1).reduce((p, q) => p * q, 1), ...t.shape.slice(e + 1)], name);
}

export function transpose(t: PTensor, d0: number, d1: number, name = "TransposeBackward0"): PTensor {
  const a = normDim(d0, t.ndim);
  const b = normDim(d1, t.ndim);
  if (t.ndim < 2 || a === b) return track(viewKeepsCopy(sameLayout(new PTensor(t.dtype, t.shape.slice(), t.data), t), t), name, [t], (g) => [g]);
  const shape = t.shape.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  const perm = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  const st = stridesOfT(t);
  const out = withStrides(permuteData(t, perm, shape), perm.map((p) => st[p]));
  out.copiedView = "a transpose";
  return track(out, name, [t], (g) => [transpose(g, a, b)]);
}

function permuteData(t: PTensor, perm: number[], shape: number[]): PTensor {
  const st = stridesOf(t.shape);
  const srcStrides = perm.map((p) => st[p]);
  const n = t.numel;
  const out = storage(t.dtype, n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = t.data[off];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += srcStrides[d];
      if (idx[d] < shape[d]) break;
      off -= srcStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
  const r = new PTensor(t.dtype, shape, out);
  r.numpy = t.numpy;
  return r;
}

export function t2d(t: PTensor): PTensor {
  if (t.ndim > 2) throw new PyError("RuntimeError", `t() expects a tensor with <= 2 dimensions, but self is ${t.ndim}D`);
  return transpose(t, 0, t.ndim - 1, "TBackward0");
}

export function unsqueeze(t: PTensor, dim: number): PTensor {
  const d = normDim(dim, t.ndim + 1);
  const shape = t.shape.slice();
  shape.splice(d, 0, 1);
  const out = viewKeepsCopy(withStrides(new PTensor(t.dtype, shape, t.data), unsqueezeStrides(t, d)), t);
  return track(out, "UnsqueezeBackward0", [t], (g) => [reshape(g, t.shape)]);
}

export function squeeze(t: PTensor, dim: number | null): PTensor {
  const d = dim === null ? -1 : normDim(dim, t.ndim);
  const keep = (s: number, i: number) => (dim === null ? s !== 1 : i !== d || s !== 1);
  const shape = t.shape.filter(keep);
  const out = viewKeepsCopy(withStrides(new PTensor(t.dtype, shape, t.data), t.strides && t.strides.filter((_, i) => keep(t.shape[i], i))), t);
  return track(out, dim === null ? "SqueezeBackward0" : "SqueezeBackward1", [t], (g) => [reshape(g, t.shape)]);
}

export function detach(t: PTensor): PTensor {
  const out = viewKeepsCopy(sameLayout(new PTensor(t.dtype, t.shape.slice(), t.data), t), t);
  out.random = t.random;
  out.numpy = t.numpy;
  return out;
}

/** The nodes of PyTorch's view ops: a tensor whose history ends in one is a view (detach_ refuses it). */
export const VIEW_NODES = new Set(["ViewBackward0", "SliceBackward0", "SelectBackward0", "SplitBackward0", "SplitWithSizesBackward0", "UnbindBackward0", "TBackward0", "TransposeBackward0", "PermuteBackward0", "ExpandBackward0", "SqueezeBackward0", "SqueezeBackward1", "UnsqueezeBackward0", "AliasBackward0", "DiagonalBackward0", "AsStridedBackward0", "UnfoldBackward0"]);

export function clone(t: PTensor): PTensor {
  const out = withStrides(new PTensor(t.dtype, t.shape.slice(), copyOf(t.data)), preservedStrides(t));
  out.numpy = t.numpy;
  return track(out, "CloneBackward0", [t], (g) => [g]);
}

/** contiguous(): t itself when PyTorch's is contiguous, else a contiguous copy (CloneBackward0). */
export function contiguous(t: PTensor): PTensor {
  return t.strides ? withStrides(clone(t), null) : t;
}

// ---------------------------------------------------------------- linear algebra (small)

/** torch.cat / torch.stack with autograd (CatBackward0 / StackBackward0: the gradient split back into the parts). */
export function concat(ts: PTensor[], dim: number, stack: boolean): PTensor {
  if (!ts.length) throw new PyError("RuntimeError", `${stack ? "stack" : "torch.cat"}(): expected a non-empty list of Tensors`);
  if (stack) {
    for (const t of ts) {
      if (!sameShape(t.shape, ts[0].shape)) {
        throw new PyError("RuntimeError", `stack expects each tensor to be equal size, but got [${ts[0].shape.join(", ")}] at entry 0 and [${t.shape.join(", ")}] at entry ${ts.indexOf(t)}`);
      }
    }
  }
  // cat skips legacy empty 1-D tensors (shape [0]).
  const src = stack ? ts : ts.filter((t) => !(t.ndim === 1 && t.numel === 0) || ts.every((u) => u.ndim === 1 && u.numel === 0));
  const parts = stack ? src.map((t) => withNoGrad(() => unsqueeze(t, dim))) : src;
  const d = normDim(dim, parts[0].ndim);
  const dtype = parts.reduce<TDtype>((m, t) => promoteTypes(m, t.dtype), parts[0].dtype);
  const cparts = parts.map((t) => cast(t, dtype));
  const shape = parts[0].shape.slice();
  shape[d] = 0;
  for (const [k, t] of parts.entries()) {
    if (t.ndim !== shape.length) {
      throw new PyError("RuntimeError", `Tensors must have same number of dimensions: got ${shape.length} and ${t.ndim}`);
    }
    const bad = t.shape.findIndex((s, i) => i !== d && s !== shape[i]);
    if (bad >= 0) {
      throw new PyError("RuntimeError", `Sizes of tensors must match except in dimension ${d}. Expected size ${shape[bad]} but got size ${t.shape[bad]} for tensor number ${k} in the list.`);
    }
    shape[d] += t.shape[d];
  }
  const { outer, inner } = splitAt(shape, d);
  const out = storage(dtype, numelOf(shape));
  let offset = 0;
  for (const t of cparts) {
    const w = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) for (let i = 0; i < w; i++) out[o * shape[d] * inner + offset + i] = t.data[o * w + i];
    offset += w;
  }
  const r = new PTensor(dtype, shape, out);
  r.numpy = src.some((t) => t.numpy);
  return track(r, stack ? "StackBackward0" : "CatBackward0", src, (g) => {
    let off = 0;
    return parts.map((t, k) => {
      const w = t.shape[d] * inner;
      const gi = storage(g.dtype, t.numel);
      for (let o = 0; o < outer; o++) for (let i = 0; i < w; i++) gi[o * w + i] = g.data[o * shape[d] * inner + off + i];
      off += w;
      return cast(new PTensor(g.dtype, src[k].shape.slice(), gi), src[k].dtype);
    });
  });
}

export function broadcastTo(t: PTensor, shape: number[]): PTensor {
  if (sameShape(t.shape, shape)) return t;
  const out = broadcastShapes(t.shape, shape);
  if (!sameShape(out, shape)) {
    throw new PyError("RuntimeError", `The expanded size of the tensor (${shape[shape.length - 1]}) must match the existing size (${t.shape[t.shape.length - 1]}) at non-singleton dimension ${shape.length - 1}.  Target sizes: [${shape.join(", ")}].  Tensor sizes: [${t.shape.join(", ")}]`);
  }
  return zipWith(t, full([], 0, t.dtype), shape, t.dtype, (x) => x);
}
