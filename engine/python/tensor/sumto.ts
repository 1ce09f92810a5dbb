// sum_to over a gradient that PyTorch holds as an expanded view (stride 0 over the dims a reduction's backward
// repeated it along): AddBackward0 and ExpandBackward0 pass that view on, and autograd's sum_to reduces it with
// TensorIterator's dimension order and coalescing for those strides, then cascade_sum's loops, which add in another
// order than over the same values laid out contiguously ((x + b).sum(-1).mean(): b's gradient is 4.0 in PyTorch).
import { multiRowSum, rowSum } from "../../api/atensum";
import { reorderDimensions } from "../../api/aten-order";
import { PTensor, storage, stridesOf } from "./core";

/** Gradients that stand for an expanded view: true at the dims PyTorch's strides are 0 (tensor/expand.ts). */
const expandedDims = new WeakMap<PTensor, boolean[]>();

export function markExpanded(g: PTensor, dims: boolean[]): void {
  expandedDims.set(g, dims);
}

export function expandedDimsOf(g: PTensor): boolean[] | undefined {
  return expandedDims.get(g);
}

/**
 * g (an expanded view, `zero` its stride-0 dims; none for a contiguous one) summed to shape as at::sum_to does:
 * over its leading dims and the dims where shape has 1, keepdim, on one thread.
 */
export function sumToExpanded(g: PTensor, zero: boolean[], shape: number[]): PTensor {
  const n = g.ndim;
  const lead = n - shape.length;
  const reduced = g.shape.map((s, i) => i < lead || (shape[i - lead] === 1 && s !== 1));
  const outShape = g.shape.map((s, i) => (reduced[i] ? 1 : s));
  // Element strides: the input's over its compact values (0 where expanded), the output's 0 where reduced; a dim of
  // size 1 has stride 0 in both, as TensorIterator's broadcast gives it.
  const cShape = g.shape.map((s, i) => (zero[i] ? 1 : s));
  const compact = stridesOf(cShape);
  const outSt = stridesOf(outShape);
  const sIn = g.shape.map((s, i) => (zero[i] || s === 1 ? 0 : compact[i]));
  const sOut = g.shape.map((s, i) => (reduced[i] || s === 1 ? 0 : outSt[i]));
  const src = compactValues(g, cShape);

  // reorder_dimensions: perm[0] the innermost; an insertion sort with should_swap (output first, then input).
  const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
  const shouldSwap = (d0: number, d1: number): number => {
    for (const [st, isOut] of [[sOut, true], [sIn, false]] as const) {
      const a = st[d0];
      const b = st[d1];
      if (isOut && (a === 0) !== (b === 0)) return b === 0 ? 1 : -1;
      if (a === 0 || b === 0) continue;
      if (a < b) return -1;
      if (a > b) return 1;
      if (g.shape[d0] > g.shape[d1]) return 1;
    }
    return 0;
  };
  reorderDimensions(perm, shouldSwap);
  const dims = perm.map((d) => ({ size: g.shape[d], sIn: sIn[d], sOut: sOut[d] }));
  // coalesce_dimensions
  const merged = dims.length ? [{ ...dims[0] }] : [];
  for (let k = 1; k < dims.length; k++) {
    const p = merged[merged.length - 1];
    const d = dims[k];
    if (p.size === 1 || d.size === 1 || (p.size * p.sIn === d.sIn && p.size * p.sOut === d.sOut)) {
      if (p.size === 1) Object.assign(p, { sIn: d.sIn, sOut: d.sOut });
      p.size *= d.size;
    } else merged.push({ ...d });
  }
  while (merged.length < 2) merged.push({ size: 1, sIn: 0, sOut: 0 });

  const dtype = g.dtype;
  const r = dtype === "float32" ? Math.fround : (x: number) => x;
  const lanes = dtype === "float32" ? 8 : 4;
  const out = storage(dtype, outShape.reduce((p, q) => p * q, 1));
  const add = (o: number, v: number): void => {
    out[o] = r(out[o] + v);
  };
  // cascade_sum's 2-D loop at the offsets of one step of the outer dims.
  const loop2d = (inBase: number, outBase: number): void => {
    let [d0, d1] = [merged[0], merged[1]];
    if (d0.sOut !== 0 && d1.sOut === 0) [d0, d1] = [d1, d0];
    const at = (i: number, j: number): number => src[inBase + i * d0.sIn + j * d1.sIn];
    if (d0.sOut !== 0 && d1.sOut !== 0) {
      for (let j = 0; j < d1.size; j++) for (let i = 0; i < d0.size; i++) add(outBase + i * d0.sOut + j * d1.sOut, at(i, j));
      return;
    }
    const put = (j: number, v: number): void => add(outBase + j * d1.sOut, v);
    const [size0, size1] = [d0.size, d1.size];
    if (d0.sIn === 1 && size0 >= lanes) {
      // vectorized_inner_sum: per row, vectors by row_sum, the tail scalars, then the vector's lanes.
      const nv = Math.floor(size0 / lanes);
      for (let j = 0; j < size1; j++) {
        const v = rowSum(nv, lanes, (i, l) => at(i * lanes + l, j), r);
        let fin = 0;
        for (let i = nv * lanes; i < size0; i++) fin = r(fin + at(i, j));
        for (let l = 0; l < lanes; l++) fin = r(fin + v[l]);
        put(j, fin);
      }
    } else if (d1.sIn === 1 && size1 >= lanes) {
      // vectorized_outer_sum: blocks of 4 vectors of columns, then single vectors, then single columns.
      let j = 0;
      for (; j + 4 * lanes <= size1; j += 4 * lanes) {
        const b = j;
        multiRowSum(size0, 4 * lanes, (i, k) => at(i, b + k), r).forEach((s, k) => put(b + k, s));
      }
      for (; j + lanes <= size1; j += lanes) {
        const b = j;
        rowSum(size0, lanes, (i, l) => at(i, b + l), r).forEach((s, l) => put(b + l, s));
      }
      for (; j < size1; j++) put(j, rowSum(size0, 1, (i) => at(i, j), r)[0]);
    } else if (d0.sIn < d1.sIn) {
      // scalar_inner_sum
      for (let j = 0; j < size1; j++) put(j, rowSum(size0, 1, (i) => at(i, j), r)[0]);
    } else {
      // scalar_outer_sum: 4 columns at a time by multi_row_sum, then one by one.
      let j = 0;
      for (; j + 3 < size1; j += 4) {
        const b = j;
        multiRowSum(size0, 4, (i, k) => at(i, b + k), r).forEach((s, k) => put(b + k, s));
      }
      for (; j < size1; j++) put(j, rowSum(size0, 1, (i) => at(i, j), r)[0]);
    }
  };
  // serial_for_each: the outer dims (2 and up) counted with dim 2 fastest.
  const outer = merged.slice(2);
  const idx = outer.map(() => 0);
  for (;;) {
    let inBase = 0;
    let outBase = 0;
    outer.forEach((d, k) => {
      inBase += idx[k] * d.sIn;
      outBase += idx[k] * d.sOut;
    });
    loop2d(inBase, outBase);
    let k = 0;
    while (k < outer.length && ++idx[k] === outer[k].size) idx[k++] = 0;
    if (k === outer.length) break;
  }
  return new PTensor(dtype, shape.slice(), out);
}

/** g's values with each expanded dim taken at index 0 (g is stored contiguous, each value repeated there). */
function compactValues(g: PTensor, cShape: number[]): PTensor["data"] {
  const own = stridesOf(g.shape);
  const n = cShape.reduce((p, q) => p * q, 1);
  const out = storage(g.dtype, n, true);
  for (let j = 0; j < n; j++) {
    let rem = j;
    let o = 0;
    for (let d = cShape.length - 1; d >= 0; d--) {
      o += (rem % cShape[d]) * own[d];
      rem = Math.floor(rem / cShape[d]);
    }
    out[j] = g.data[o];
  }
  return out;
}
