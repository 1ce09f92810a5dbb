// PyTorch's strides for the evaluator's tensors. The evaluator keeps every tensor's values in row-major order of its
// shape; PTensor.strides records the strides PyTorch's tensor would have where they are not the contiguous ones (a
// transpose, an expand, a slice), as PyTorch's view ops and TensorIterator's layout rules (TensorIterator.cpp:
// fast_set_up, reorder_dimensions) give them. They decide only what a program can see of the layout: view()'s
// "not compatible" error, is_contiguous(), stride(), contiguous(). An op that does not track them gives a contiguous
// result (null): at worst a view PyTorch refuses goes through, never the reverse.
import { reorderDimensions } from "../../api/aten-order";
import { PyError } from "../errors";
import { stridesOf, type PTensor } from "./core";

/** The strides PyTorch's tensor has. */
export function stridesOfT(t: PTensor): number[] {
  return t.strides ?? stridesOf(t.shape);
}

/** PyTorch's is_contiguous(): every dimension of size > 1 at the row-major stride. */
export function isContiguous(shape: number[], strides: number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 0) return true;
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

/** Records strides on t (null when they are contiguous ones) and returns t. */
export function withStrides<T extends PTensor>(t: T, strides: number[] | null): T {
  t.strides = strides && !isContiguous(t.shape, strides) ? strides : null;
  return t;
}

/** The same strides as t's, as a new view of t keeps them (detach, alias, in-place results). */
export function sameLayout<T extends PTensor>(out: T, t: PTensor): T {
  out.strides = t.strides ? t.strides.slice() : null;
  return out;
}

/** c10's compute_non_overlapping_and_dense. */
export function nonOverlappingAndDense(shape: number[], strides: number[]): boolean {
  if (shape.length === 1) return shape[0] < 2 || strides[0] === 1;
  const perm = shape.map((_, i) => i);
  perm.sort((a, b) => (shape[a] < 2 ? (shape[b] < 2 ? 0 : 1) : shape[b] < 2 ? -1 : strides[a] - strides[b]));
  let need = 1;
  for (const d of perm) {
    if (shape[d] < 2) return true;
    if (strides[d] !== need) return false;
    need *= shape[d];
  }
  return true;
}

/** A copy with preserve_format (clone, .to(dtype), .float()): t's strides where t is dense, contiguous otherwise. */
export function preservedStrides(t: PTensor): number[] | null {
  return t.strides && nonOverlappingAndDense(t.shape, t.strides) ? t.strides.slice() : null;
}

/** An operand of an element-wise op: a tensor, or a Python number (a 0-dim tensor to TensorIterator). */
type Operand = { shape: number[]; strides: number[] };

/**
 * The strides of an element-wise op's new output of `shape` (TensorIterator over `inputs`, in order): contiguous
 * when every input is; an input's strides when all are dense with the same strides; else its dims ordered as
 * reorder_dimensions orders them (the first input with distinct strides decides, broadcast dims do not) and dense.
 */
export function elementwiseStrides(shape: number[], inputs: (PTensor | null)[]): number[] | null {
  // Every op's path: contiguous inputs (no recorded strides) give a contiguous result, with nothing to compute.
  if (inputs.every((t) => !t?.strides)) return null;
  const ops: Operand[] = inputs.map((t) => (t ? { shape: t.shape, strides: stridesOfT(t) } : { shape: [], strides: [] }));
  if (ops.every((o) => isContiguous(o.shape, o.strides))) return null;
  if (ops.every((o) => nonOverlappingAndDense(o.shape, o.strides)) && ops.every((o) => sameList(o.strides, ops[0].strides))) {
    return ops[0].strides.slice();
  }
  const nd = shape.length;
  if (nd < 2) return null;
  // Each operand's strides over the output's dims: 0 where it is broadcast.
  const over = ops.map((o) => shape.map((size, d) => {
    const k = d - (nd - o.shape.length);
    return k < 0 || (o.shape[k] === 1 && size !== 1) ? 0 : o.strides[k];
  }));
  const swap = (d0: number, d1: number): number => {
    for (const st of over) {
      const s0 = st[d0];
      const s1 = st[d1];
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[d0] > shape[d1]) return 1;
    }
    return 0;
  };
  // perm[0] is the fastest-moving dim.
  const perm = shape.map((_, i) => nd - 1 - i);
  reorderDimensions(perm, swap);
  if (perm.every((p, i) => p === nd - 1 - i)) return null;
  const out = new Array<number>(nd);
  let next = 1;
  for (const d of perm) {
    out[d] = next;
    next *= shape[d];
  }
  return out;
}

function sameList(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** ATen's computeStride: the strides of a view of `newShape` over t's memory, or null when none exists. */
export function viewStrides(oldShape: number[], oldStrides: number[], newShape: number[]): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = oldShape.reduce((p, q) => p * q, 1);
  if (numel === 0) return stridesOf(newShape.map((s) => Math.max(s, 1)));
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/** view()'s strides for t viewed as `shape`, or PyTorch's error when its memory cannot be seen that way. */
export function viewOrRaise(t: PTensor, shape: number[]): number[] | null {
  if (!t.strides) return null;
  const s = viewStrides(t.shape, t.strides, shape);
  if (!s) {
    throw new PyError(
      "RuntimeError",
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return s;
}

/** unsqueeze(dim)'s strides (ATen's inferUnsqueezeGeometry). */
export function unsqueezeStrides(t: PTensor, dim: number): number[] | null {
  if (!t.strides) return null;
  const st = t.strides.slice();
  st.splice(dim, 0, dim >= t.ndim ? 1 : t.shape[dim] * t.strides[dim]);
  return st;
}
