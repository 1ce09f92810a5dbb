// Square-matrix linear algebra for torch.linalg (inv, det, slogdet, solve, cholesky) over batches of matrices:
// LU with partial pivoting (LAPACK's getrf pivot choice: the first largest magnitude) and Cholesky, in float64,
// each result rounded once to the dtype. LAPACK's / MKL's operation order is not reproduced, as BLAS's is not for
// matmul (within the project's tolerance; python-fixtures INEXACT). Gradients follow derivatives.yaml's formulas,
// computed the same way.
import { PyError, Unsupported } from "../errors";
import { versionedError } from "../version";
import { track } from "./autograd";
import { dtypeName, PTensor, storage } from "./core";
import { matmul } from "./linalg";
import { unsqueeze, view } from "./shape";

type Mat = Float64Array;

/**
 * The batch of n x n matrices of t (its last two dims), with the checks every linalg function makes first, in their
 * order: rank, squareness, then the dtype (torch.cholesky's kernel names its dtype error: `kernel`).
 */
function square(t: PTensor, fn: string, kernel?: string): { n: number; count: number } {
  if (t.ndim < 2) throw new PyError("RuntimeError", `${fn}: The input tensor A must have at least 2 dimensions.`);
  const [r, c] = t.shape.slice(-2);
  if (r !== c) throw new PyError("RuntimeError", `${fn}: A must be batches of square matrices, but they are ${r} by ${c} matrices`);
  if (!t.isFloat) {
    if (kernel) throw versionedError("RuntimeError", `"${kernel}" not implemented for '${dtypeName(t.dtype)}'`);
    throw new PyError("RuntimeError", `${fn}: Expected a floating point or complex tensor as input. Got ${dtypeName(t.dtype)}`);
  }
  return { n: r, count: r ? t.numel / (r * r) : 0 };
}

const matAt = (t: PTensor, b: number, n: number): Mat => Float64Array.from(t.data.subarray(b * n * n, (b + 1) * n * n));

/** LU factorisation in place: the pivot rows, the permutation's sign, and the first zero pivot (1-based; 0: none). */
function lu(a: Mat, n: number): { piv: Int32Array; sign: number; info: number } {
  const piv = new Int32Array(n);
  let sign = 1;
  let info = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
    piv[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) [a[k * n + j], a[p * n + j]] = [a[p * n + j], a[k * n + j]];
    }
    const d = a[k * n + k];
    if (d === 0) {
      if (!info) info = k + 1;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] /= d);
      for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return { piv, sign, info };
}

/** Solves A X = B for B with m columns (row-major n x m) from A's LU. */
function luSolve(a: Mat, piv: Int32Array, n: number, b: Mat, m: number): Mat {
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    if (piv[k] !== k) for (let j = 0; j < m; j++) [x[k * m + j], x[piv[k] * m + j]] = [x[piv[k] * m + j], x[k * m + j]];
  }
  for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) for (let j = 0; j < m; j++) x[i * m + j] -= a[i * n + k] * x[k * m + j];
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) for (let j = 0; j < m; j++) x[i * m + j] -= a[i * n + k] * x[k * m + j];
    for (let j = 0; j < m; j++) x[i * m + j] /= a[i * n + i];
  }
  return x;
}

const eye = (n: number): Mat => {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
};

/** A B for row-major A (n x k) and B (k x m); transposes on request. */
function mul(a: Mat, b: Mat, n: number, k: number, m: number, ta = false, tb = false): Mat {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (ta ? a[l * n + i] : a[i * k + l]) * (tb ? b[j * k + l] : b[l * m + j]);
      out[i * m + j] = s;
    }
  }
  return out;
}

/** A tensor of `shape` from float64 matrices, rounded once to dtype. */
function fromMats(dtype: PTensor["dtype"], shape: number[], mats: Mat[]): PTensor {
  const size = mats.length ? mats[0].length : 0;
  const out = storage(dtype, mats.length * size, true);
  mats.forEach((m, b) => out.set(m, b * size));
  return new PTensor(dtype, shape, out);
}

function inverses(t: PTensor, fn: string): Mat[] {
  const { n, count } = square(t, fn);
  const out: Mat[] = [];
  for (let b = 0; b < count; b++) {
    const a = matAt(t, b, n);
    const { piv, info } = lu(a, n);
    if (info) {
      const batch = count > 1 ? `(Batch element ${b}): ` : "";
      throw new PyError("_LinAlgError", `${fn}: ${batch}The diagonal element ${info} is zero, the inversion could not be completed because the input matrix is singular.`);
    }
    out.push(luSolve(a, piv, n, eye(n), n));
  }
  return out;
}

/** torch.linalg.inv / torch.inverse: LinalgInvExBackward0, gA = -(A^-T G A^-T). */
export function inv(t: PTensor): PTensor {
  const ys = inverses(t, "linalg.inv");
  const n = t.shape[t.ndim - 1];
  const out = fromMats(t.dtype, t.shape.slice(), ys);
  return track(out, "LinalgInvExBackward0", [t], (g) => [
    fromMats(g.dtype, t.shape.slice(), ys.map((y, b) => mul(mul(y, matAt(g, b, n), n, n, n, true), y, n, n, n, false, true).map((v) => -v))),
  ]);
}

/** Per matrix: the LU's sign and log |det| (det 0: log 0 = -inf). */
function slogdets(t: PTensor, fn: string): { sign: number; logabs: number }[] {
  const { n, count } = square(t, fn);
  return Array.from({ length: count }, (_, b) => {
    const a = matAt(t, b, n);
    const { sign } = lu(a, n);
    let s = sign;
    let l = 0;
    for (let i = 0; i < n; i++) {
      const d = a[i * n + i];
      if (d < 0) s = -s;
      l += Math.log(Math.abs(d));
    }
    return l === -Infinity ? { sign: 0, logabs: -Infinity } : { sign: s, logabs: l };
  });
}

/** The gradient factor A^-T of each matrix (det / slogdet backward), or zeros where A is singular. */
function invTransposes(t: PTensor): Mat[] {
  const n = t.shape[t.ndim - 1];
  return Array.from({ length: n ? t.numel / (n * n) : 0 }, (_, b) => {
    const a = matAt(t, b, n);
    const { piv, info } = lu(a, n);
    if (info) return new Float64Array(n * n);
    const y = luSolve(a, piv, n, eye(n), n);
    return mul(eye(n), y, n, n, n, false, true);
  });
}

/** torch.linalg.det / torch.det: LinalgDetBackward0, gA = g det A^-T. */
export function det(t: PTensor): PTensor {
  const s = slogdets(t, "linalg.det");
  const batch = t.shape.slice(0, -2);
  const out = fromMats(t.dtype, batch, s.map((x) => Float64Array.of(x.sign * Math.exp(x.logabs))));
  return track(out, "LinalgDetBackward0", [t], (g) => {
    const its = invTransposes(t);
    return [fromMats(g.dtype, t.shape.slice(), its.map((m, b) => m.map((v) => v * g.data[b] * out.data[b])))];
  });
}

/** torch.linalg.slogdet: (sign, logabsdet), LinalgSlogdetBackward0 on both (the gradient flows from logabsdet). */
export function slogdet(t: PTensor, fn = "linalg.slogdet"): [PTensor, PTensor] {
  const s = slogdets(t, fn);
  const batch = t.shape.slice(0, -2);
  const sign = fromMats(t.dtype, batch, s.map((x) => Float64Array.of(x.sign)));
  const logabs = fromMats(t.dtype, batch, s.map((x) => Float64Array.of(x.logabs)));
  const backward = (g: PTensor) => [fromMats(g.dtype, t.shape.slice(), invTransposes(t).map((m, b) => m.map((v) => v * g.data[b])))];
  // sign is piecewise constant: no gradient reaches A through it.
  track(sign, "LinalgSlogdetBackward0", [t], (g) => [new PTensor(g.dtype, t.shape.slice(), storage(g.dtype, t.numel))]);
  return [sign, track(logabs, "LinalgSlogdetBackward0", [t], backward)];
}

/** torch.linalg.solve(A, B): B a vector (n) or matrices (..., n, k); LinalgSolveExBackward0 (gB = A^-T G, gA = -gB X^T). */
export function solve(A: PTensor, B: PTensor): PTensor {
  const { n, count } = square(A, "linalg.solve");
  const vec = B.ndim === 1 || (B.ndim === A.ndim - 1 && B.shape.slice(0, -1).join() === A.shape.slice(0, -2).join());
  const m = vec ? 1 : B.shape[B.ndim - 1];
  if ((vec ? B.shape[B.ndim - 1] : B.shape[B.ndim - 2]) !== n) {
    throw new PyError("RuntimeError", `linalg.solve: Incompatible shapes of A and B for the equation AX = B (${A.shape.slice(-2).join("x")} and ${B.shape.slice(-2).join("x")})`);
  }
  if (B.numel !== count * n * m) throw new Unsupported("torch.linalg.solve with A and B of batch shapes that broadcast");
  const factors = Array.from({ length: count }, (_, b) => {
    const a = matAt(A, b, n);
    const f = lu(a, n);
    if (f.info) throw new PyError("_LinAlgError", "torch.linalg.solve: The solver failed because the input matrix is singular.");
    return { a, ...f };
  });
  const bAt = (t: PTensor, b: number) => Float64Array.from(t.data.subarray(b * n * m, (b + 1) * n * m));
  const xs = factors.map((f, b) => luSolve(f.a, f.piv, n, bAt(B, b), m));
  const out = fromMats(A.dtype, B.shape.slice(), xs);
  return track(out, "LinalgSolveExBackward0", [A, B], (g) => {
    const gb = factors.map((_, b) => {
      const at = mul(eye(n), matAt(A, b, n), n, n, n, false, true);
      const f = lu(at, n);
      return luSolve(at, f.piv, n, bAt(g, b), m);
    });
    const ga = gb.map((x, b) => mul(x, xs[b], n, m, n, false, true).map((v) => -v));
    return [fromMats(g.dtype, A.shape.slice(), ga), fromMats(g.dtype, B.shape.slice(), gb)];
  });
}

/** torch.linalg.cholesky (lower, or upper=True): LinalgCholeskyExBackward0 (Murray's formula, as ATen's). */
/** torch.cholesky (`old`, deprecated) checks in its own name and fails in its kernel for integer dtypes. */
export function cholesky(t: PTensor, upper: boolean, old = false): PTensor {
  // The deprecated torch.cholesky answers an empty input with empty_like before any check.
  if (old && t.numel === 0) return new PTensor(t.dtype, t.shape.slice(), storage(t.dtype, 0));
  const { n, count } = old ? square(t, "cholesky", "cholesky_cpu") : square(t, "linalg.cholesky");
  const ls = Array.from({ length: count }, (_, b) => {
    const a = matAt(t, b, n);
    const l = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      let d = a[j * n + j];
      for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0)) {
        const batch = count > 1 ? `(Batch element ${b}): ` : "";
        throw new PyError("_LinAlgError", `linalg.cholesky: ${batch}The factorization could not be completed because the input is not positive-definite (the leading minor of order ${j + 1} is not positive-definite).`);
      }
      l[j * n + j] = Math.sqrt(d);
      for (let i = j + 1; i < n; i++) {
        let s = a[i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / l[j * n + j];
      }
    }
    return l;
  });
  const shown = upper ? ls.map((l) => mul(eye(n), l, n, n, n, false, true)) : ls;
  const out = fromMats(t.dtype, t.shape.slice(), shown);
  return track(out, "LinalgCholeskyExBackward0", [t], (g) => {
    const grads = ls.map((l, b) => {
      let gl = matAt(g, b, n);
      if (upper) gl = mul(eye(n), gl, n, n, n, false, true);
      const phi = mul(l, gl, n, n, n, true);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j > i) phi[i * n + j] = 0;
      for (let i = 0; i < n; i++) phi[i * n + i] *= 0.5;
      const lc = Float64Array.from(l);
      const linv = luSolve(lc, lu(lc, n).piv, n, eye(n), n);
      const gi = mul(mul(linv, phi, n, n, n, true), linv, n, n, n);
      return gi.map((v, k) => 0.5 * (v + gi[(k % n) * n + Math.floor(k / n)]));
    });
    return [fromMats(g.dtype, t.shape.slice(), grads)];
  });
}

/** torch.linalg.multi_dot: mm in ATen's order (the cheaper of two for three matrices, matrix_chain_order's beyond),
 *  the ends may be vectors, the result viewed to its shape (ViewBackward0). */
export function multiDot(ts: PTensor[]): PTensor {
  const k = ts.length;
  if (k < 2) throw new PyError("RuntimeError", `multi_dot(): expected at least 2 tensors but got ${k}`);
  const [first, last] = [ts[0], ts[k - 1]];
  if (first.ndim !== 1 && first.ndim !== 2) throw new PyError("RuntimeError", `multi_dot(): the first tensor must be 1D or 2D but got ${first.ndim}D`);
  if (last.ndim !== 1 && last.ndim !== 2) throw new PyError("RuntimeError", `multi_dot(): the last tensor must be 1D or 2D but got ${last.ndim}D`);
  for (let i = 1; i < k - 1; i++) if (ts[i].ndim !== 2) throw new PyError("RuntimeError", `multi_dot(): tensor ${i} must be 2D but got ${ts[i].ndim}D`);
  const mats = ts.map((t, i) => (t.ndim === 2 ? t : i === 0 ? unsqueeze(t, 0) : unsqueeze(t, -1)));
  for (let i = 0; i + 1 < k; i++) {
    if (mats[i].shape[1] !== mats[i + 1].shape[0]) {
      throw new PyError("RuntimeError", `multi_dot(): tensors ${i} and ${i + 1} with shapes [${ts[i].shape.join(", ")}] and [${ts[i + 1].shape.join(", ")}] cannot be multiplied`);
    }
  }
  const outShape = [...(first.ndim === 2 ? [first.shape[0]] : []), ...(last.ndim === 2 ? [last.shape[1]] : [])];
  let result: PTensor;
  if (k === 2) result = matmul(mats[0], mats[1]);
  else if (k === 3) {
    const [a, b, c, d] = [mats[0].shape[0], mats[1].shape[0], mats[2].shape[0], mats[2].shape[1]];
    result = a * c * (b + d) > b * d * (a + c) ? matmul(mats[0], matmul(mats[1], mats[2])) : matmul(matmul(mats[0], mats[1]), mats[2]);
  } else {
    // matrix_chain_order: the cheapest split of each run [i, j], the first of equal costs.
    const p = [...mats.map((m) => m.shape[0]), mats[k - 1].shape[1]];
    const cost = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const split = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let l = 1; l < k; l++) {
      for (let i = 0; i + l < k; i++) {
        const j = i + l;
        cost[i][j] = Infinity;
        for (let s = i; s < j; s++) {
          const q = cost[i][s] + cost[s + 1][j] + p[i] * p[s + 1] * p[j + 1];
          if (q < cost[i][j]) [cost[i][j], split[i][j]] = [q, s];
        }
      }
    }
    const chain = (i: number, j: number): PTensor => (i === j ? mats[i] : matmul(chain(i, split[i][j]), chain(split[i][j] + 1, j)));
    result = chain(0, k - 1);
  }
  return view(result, outShape);
}
