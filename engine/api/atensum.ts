// torch.sum's order of additions on CPU (ATen's cascade_sum, single thread), so the evaluator's .sum(),
// .mean() and broadcast gradients print PyTorch's last digit. The loss engine runs the contiguous 1-D case in
// wasm (engine/kernels/reduce.ts); this is the same algorithm over JS arrays, for every layout a one-dim
// reduction produces: along a contiguous row ("inner") or across rows, column by column ("outer").
// float32 accumulates in float32 (every addition rounded), float64 in float64. A vector is 32 bytes:
// 8 float32 or 4 float64 lanes (ATen's AVX2 and default builds alike).

type Get = (i: number) => number;

const round32 = Math.fround;
const exact = (x: number): number => x;

function ceilLog2(x: number): number {
  return x <= 2 ? 1 : 32 - Math.clz32(x - 1);
}

/**
 * ATen's multi_row_sum: `rows` rows of `width` accumulators added row by row, rolled up through 4 levels every
 * 2^p rows so that only partial sums of similar size meet. get(i, k) is accumulator k's element in row i.
 */
export function multiRowSum(rows: number, width: number, get: (i: number, k: number) => number, r: Get): Float64Array {
  const power = Math.max(4, Math.floor(ceilLog2(rows) / 4));
  const step = 2 ** power;
  const mask = step - 1;
  const acc = [0, 1, 2, 3].map(() => new Float64Array(width));
  let i = 0;
  while (i + step <= rows) {
    for (let j = 0; j < step; j++, i++) for (let k = 0; k < width; k++) acc[0][k] = r(acc[0][k] + get(i, k));
    for (let j = 1; j < 4; j++) {
      for (let k = 0; k < width; k++) {
        acc[j][k] = r(acc[j][k] + acc[j - 1][k]);
        acc[j - 1][k] = 0;
      }
      if ((i & (mask << (j * power))) !== 0) break;
    }
  }
  for (; i < rows; i++) for (let k = 0; k < width; k++) acc[0][k] = r(acc[0][k] + get(i, k));
  for (let j = 1; j < 4; j++) for (let k = 0; k < width; k++) acc[0][k] = r(acc[0][k] + acc[j][k]);
  return acc[0];
}

/**
 * ATen's row_sum over n items of `lanes` values each (lanes = 1: scalars; lanes = 8 / 4: vectors): the items
 * are read as rows of 4 (4 interleaved partial sums), leftovers join the first, then the four are added.
 * item(i, lane) gives item i's lane. Returns `lanes` sums.
 */
export function rowSum(n: number, lanes: number, item: (i: number, lane: number) => number, r: Get): Float64Array {
  const rows = Math.floor(n / 4);
  const p = multiRowSum(rows, 4 * lanes, (i, k) => item(4 * i + Math.floor(k / lanes), k % lanes), r);
  for (let i = rows * 4; i < n; i++) for (let l = 0; l < lanes; l++) p[l] = r(p[l] + item(i, l));
  for (let k = 1; k < 4; k++) for (let l = 0; l < lanes; l++) p[l] = r(p[l] + p[k * lanes + l]);
  return p.subarray(0, lanes);
}

function lanesOf(dtype: "float32" | "float64"): number {
  return dtype === "float32" ? 8 : 4;
}

/** Sum of a contiguous run of n elements, get(i) the i-th (vectorized_inner_sum / the scalar row_sum). */
export function innerSum(n: number, get: Get, dtype: "float32" | "float64"): number {
  const r = dtype === "float32" ? round32 : exact;
  const lanes = lanesOf(dtype);
  if (n < lanes) return r(0 + rowSum(n, 1, (i) => get(i), r)[0]);
  const nv = Math.floor(n / lanes);
  const v = rowSum(nv, lanes, (i, l) => get(i * lanes + l), r);
  let fin = 0;
  for (let i = nv * lanes; i < n; i++) fin = r(fin + get(i));
  for (let l = 0; l < lanes; l++) fin = r(fin + v[l]);
  return r(0 + fin);
}

/**
 * Sums over a reduced dimension of length `size` for `cols` contiguous columns: get(i, j) is row i, column j.
 * Writes the column sums through put(j, sum). Blocks of 4 vectors of columns use multi_row_sum, then single
 * vectors use row_sum, then the last columns one by one (vectorized_outer_sum / scalar_outer_sum).
 */
export function outerSum(size: number, cols: number, get: (i: number, j: number) => number, put: (j: number, s: number) => void, dtype: "float32" | "float64"): void {
  const r = dtype === "float32" ? round32 : exact;
  const lanes = lanesOf(dtype);
  let j = 0;
  if (cols >= lanes) {
    for (; j + 4 * lanes <= cols; j += 4 * lanes) {
      const base = j;
      multiRowSum(size, 4 * lanes, (i, k) => get(i, base + k), r).forEach((s, k) => put(base + k, r(0 + s)));
    }
    for (; j + lanes <= cols; j += lanes) {
      const base = j;
      rowSum(size, lanes, (i, l) => get(i, base + l), r).forEach((s, l) => put(base + l, r(0 + s)));
    }
  } else {
    for (; j + 3 < cols; j += 4) {
      const base = j;
      multiRowSum(size, 4, (i, k) => get(i, base + k), r).forEach((s, k) => put(base + k, r(0 + s)));
    }
  }
  for (; j < cols; j++) {
    const col = j;
    put(col, r(0 + rowSum(size, 1, (i) => get(i, col), r)[0]));
  }
}
