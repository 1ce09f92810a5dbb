// How ATen's CPU TensorIterator walks an element-wise op or a reduction, so that the engine rounds as PyTorch does:
// - which elements of a broadcast element-wise op go through the vectorized body and which through the scalar
//   lambda (cpu_kernel_vec: per inner row, the first len - len % (2 vector widths) elements, when every operand
//   is contiguous along the row or exactly one input is broadcast along it);
// - sum_to_size (the gradient of a broadcast input): cascade_sum's order for the reduced dimensions.
import { innerSum, multiRowSum, outerSum, rowSum } from "./atensum";
import type { FloatDType } from "./memory";
import { numel } from "./tensor";

/** Element strides of `shape` broadcast into `to` (0 along broadcast dimensions), outermost first. */
function strides(shape: readonly number[], to: readonly number[]): number[] {
  const s = new Array<number>(to.length).fill(0);
  let k = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = i + to.length - shape.length;
    s[j] = shape[i] === 1 ? 0 : k;
    k *= shape[i];
  }
  return s;
}

export interface RowPlan {
  /** Length of the innermost loop after TensorIterator's coalescing (rows tile the output in order). */
  len: number;
  /** Per operand: broadcast (stride 0) along the row. */
  broadcast: boolean[];
}

/** The inner row of an element-wise op over `operands` (shapes broadcast to `out`; the output is contiguous). */
export function innerRow(out: readonly number[], operands: readonly (readonly number[])[]): RowPlan {
  const st = operands.map((s) => strides(s, out));
  const own = strides(out, out);
  let len = 1;
  let cur: number[] = [];
  let curOut = 0;
  for (let d = out.length - 1; d >= 0; d--) {
    if (out[d] === 1) continue;
    if (len === 1) {
      len = out[d];
      cur = st.map((s) => s[d]);
      curOut = own[d];
      continue;
    }
    // TensorIterator::coalesce_dimensions: dims merge when every operand steps through them as one.
    if (own[d] !== curOut * len || st.some((s, k) => s[d] !== cur[k] * len)) break;
    len *= out[d];
  }
  return { len, broadcast: st.map((_, k) => len > 1 && (cur[k] ?? 0) === 0) };
}

/** Whether cpu_kernel_vec vectorizes a row: all inputs contiguous, or exactly one broadcast along it. */
export function vectorized(plan: RowPlan, extraBroadcast = 0): boolean {
  return plan.broadcast.filter((b) => b).length + extraBroadcast <= 1;
}

/** How many leading elements of a row of `len` take the vectorized body: 2 vectors of 32 bytes per step. */
export function vectorPart(len: number, dtype: FloatDType, vec: boolean): number {
  if (!vec) return 0;
  const step = dtype === "float32" ? 16 : 8;
  return len - (len % step);
}

/**
 * TensorIterator's reorder_dimensions sort, in place: an insertion sort whose comparison may be ambiguous (0: keep
 * the pair as it is and look further back), 1 when the first should come after the second. Shared by the reductions
 * here and the evaluator's element-wise layouts (python/tensor/layout.ts).
 */
export function reorderDimensions<T>(xs: T[], shouldSwap: (a: T, b: T) => number): void {
  for (let i = 1; i < xs.length; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(xs[d0], xs[d1]);
      if (c > 0) {
        [xs[d0], xs[d1]] = [xs[d1], xs[d0]];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
}

/**
 * at::sum_to_size of a contiguous `grad` of shape `from` down to `shape`, in the dtype: one reduction over all
 * the summed dimensions as TensorIterator lays it out (reduced dimensions innermost, coalesced), then
 * cascade_sum's branch for each 2-D block (the additions themselves: engine/api/atensum.ts).
 */
export function sumToSize(grad: ArrayLike<number>, from: readonly number[], shape: readonly number[], dtype: FloatDType): Float32Array | Float64Array {
  const r = dtype === "float32" ? Math.fround : (x: number): number => x;
  const lanes = dtype === "float32" ? 8 : 4;
  const out = dtype === "float32" ? new Float32Array(numel(shape)) : new Float64Array(numel(shape));
  // TensorIterator dims, innermost first: sizes, input strides, output strides (0 where reduced).
  const nd = from.length;
  const inS = strides(from, from);
  const outS = strides(shape, from);
  let dims = [...Array(nd).keys()].reverse().map((d) => ({ size: from[d], i: inS[d], o: outS[d] }));
  // reorder_dimensions: reduced dims first, then by input stride (insertion sort as ATen's).
  const swap = (a: (typeof dims)[0], b: (typeof dims)[0]): number => {
    if ((a.o === 0) !== (b.o === 0)) return b.o === 0 ? 1 : -1;
    for (const [s0, s1] of [[a.o, b.o], [a.i, b.i]]) {
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (a.size > b.size) return 1;
    }
    return 0;
  };
  reorderDimensions(dims, swap);
  // coalesce_dimensions
  const co: typeof dims = [];
  for (const d of dims) {
    const p = co[co.length - 1];
    if (p && (p.size === 1 || d.size === 1 || (p.size * p.i === d.i && p.size * p.o === d.o))) {
      if (p.size === 1) {
        p.i = d.i;
        p.o = d.o;
      }
      p.size *= d.size;
    } else co.push({ ...d });
  }
  dims = co.length ? co : [{ size: 1, i: 0, o: 0 }];
  const [d0, d1 = { size: 1, i: 0, o: 0 }] = dims;
  const outer = dims.slice(2);
  const count = outer.reduce((a, d) => a * d.size, 1);
  for (let c = 0; c < count; c++) {
    let ib = 0;
    let ob = 0;
    for (let k = 0, rest = c; k < outer.length; k++) {
      const idx = rest % outer[k].size;
      rest = Math.floor(rest / outer[k].size);
      ib += idx * outer[k].i;
      ob += idx * outer[k].o;
    }
    loop2d(ib, ob, d0, d1);
  }
  return out;

  function loop2d(ib: number, ob: number, a: (typeof dims)[0], b: (typeof dims)[0]): void {
    let [s0, s1, i0, i1, o0, o1] = [a.size, b.size, a.i, b.i, a.o, b.o];
    if (o0 !== 0 && o1 === 0) [s0, s1, i0, i1, o0, o1] = [s1, s0, i1, i0, o1, o0];
    const put = (j: number, v: number): void => {
      out[ob + j * o1] = r(out[ob + j * o1] + v);
    };
    if (o0 !== 0) {
      // not a reduction along these dims: out += in
      for (let j = 0; j < s1; j++) for (let k = 0; k < s0; k++) out[ob + j * o1 + k * o0] = r(out[ob + j * o1 + k * o0] + grad[ib + j * i1 + k * i0]);
    } else if (i0 === 1 && s0 >= lanes) {
      for (let j = 0; j < s1; j++) put(j, innerSum(s0, (k) => grad[ib + j * i1 + k], dtype));
    } else if (i1 === 1 && s1 >= lanes) {
      outerSum(s0, s1, (k, j) => grad[ib + k * i0 + j], put, dtype);
    } else if (i0 < i1) {
      // scalar_inner_sum: row_sum of each (strided or short) row
      for (let j = 0; j < s1; j++) put(j, r(0 + rowSum(s0, 1, (k) => grad[ib + j * i1 + k * i0], r)[0]));
    } else {
      // scalar_outer_sum: columns in fours take one multi_row_sum, the rest row_sum.
      let j = 0;
      for (; j + 3 < s1; j += 4) {
        const base = j;
        multiRowSum(s0, 4, (k, c) => grad[ib + (base + c) * i1 + k * i0], r).forEach((v, c) => put(base + c, r(0 + v)));
      }
      for (; j < s1; j++) {
        const col = j;
        put(col, r(0 + rowSum(s0, 1, (k) => grad[ib + col * i1 + k * i0], r)[0]));
      }
    }
  }
}
