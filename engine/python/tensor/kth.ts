// torch.kthvalue: ATen's quickselect (Sedgewick's partition, median of three, NaN above every number) on a copy
// of each row with its positions, so ties report the index ATen's swaps leave at k - 1.
import { budget } from "../budget";
import { PyError } from "../errors";
import { versionedError } from "../version";
import { track } from "./autograd";
import { normDim, PTensor, splitAt, storage } from "./core";

/** a > b, or a NaN above a number. */
function gtOrNan(a: number, b: number): boolean {
  return (Number.isNaN(a) && !Number.isNaN(b)) || a > b;
}

/** Partially orders vals (and idx with it) so that position k holds the k-th smallest (0-based), as ATen does. */
function quickSelect(vals: Float64Array, idx: Int32Array, k: number): void {
  const swap = (i: number, j: number) => {
    const v = vals[i];
    vals[i] = vals[j];
    vals[j] = v;
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  };
  let L = 0;
  let R = vals.length - 1;
  for (;;) {
    if (R <= L) return;
    if (R === L + 1) {
      if (gtOrNan(vals[L], vals[R])) swap(L, R);
      return;
    }
    swap((L + R) >> 1, L + 1);
    if (gtOrNan(vals[L + 1], vals[R])) swap(L + 1, R);
    if (gtOrNan(vals[L], vals[R])) swap(L, R);
    if (gtOrNan(vals[L + 1], vals[L])) swap(L + 1, L);
    let i = L + 1;
    let j = R;
    const piv = vals[L];
    for (;;) {
      do i++;
      while (gtOrNan(piv, vals[i]));
      do j--;
      while (gtOrNan(vals[j], piv));
      if (j < i) break;
      swap(i, j);
    }
    swap(L, j);
    if (j <= k) L = i;
    if (j >= k) R = j - 1;
  }
}

/** kthvalue(k, dim=-1, keepdim=False): values and indices; KthvalueBackward0 routes the gradient to the index. */
export function kthvalue(t: PTensor, k: number, dim: number, keepdim: boolean): [PTensor, PTensor] {
  budget().charge(t.numel);
  const d = normDim(dim, t.ndim);
  const shape0 = t.ndim ? t.shape : [1];
  const { outer, size, inner } = splitAt(shape0, d);
  if (size === 0) throw new PyError("IndexError", "kthvalue(): Expected reduction dim 0 to have non-zero size.");
  if (k < 1 || k > size) throw new PyError("RuntimeError", `kthvalue(): selected number k out of range for dimension ${d}`);
  if (t.dtype === "bool") throw versionedError("RuntimeError", `"kthvalue_cpu" not implemented for 'Bool'`);
  const vals = storage(t.dtype, outer * inner, true);
  const idx = storage("int64", outer * inner, true);
  const rowV = new Float64Array(size);
  const rowI = new Int32Array(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let j = 0; j < size; j++) {
        rowV[j] = t.data[(o * size + j) * inner + i];
        rowI[j] = j;
      }
      quickSelect(rowV, rowI, k - 1);
      vals[o * inner + i] = rowV[k - 1];
      idx[o * inner + i] = rowI[k - 1];
    }
  }
  const kept = shape0.map((s, i) => (i === d ? 1 : s));
  const shape = !t.ndim ? [] : keepdim ? kept : t.shape.filter((_, i) => i !== d);
  const values = new PTensor(t.dtype, shape.slice(), vals);
  const indices = new PTensor("int64", shape.slice(), idx);
  track(values, "KthvalueBackward0", [t], (g) => {
    const back = storage(g.dtype, t.numel);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) back[(o * size + idx[o * inner + i]) * inner + i] = g.data[o * inner + i];
    return [new PTensor(g.dtype, t.shape.slice(), back)];
  });
  return [values, indices];
}
