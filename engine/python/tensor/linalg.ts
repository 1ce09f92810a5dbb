// matmul / mm / dot and norm (small, in float64 or float32 accumulation; not ATen's BLAS order).
import { budget } from "../budget";
import { PyError, Unsupported } from "../errors";
import { versionedError } from "../version";
import { track, withNoGrad } from "./autograd";
import { PTensor, resultType, scalarTensor, storage } from "./core";
import { binary } from "./elementwise";
import { reshape, t2d } from "./shape";
import { matmulBatched } from "./einsum";

export function matmul(a: PTensor, b: PTensor): PTensor {
  if (a.ndim === 1 && b.ndim === 1 && a.shape[0] !== b.shape[0]) {
    throw new PyError("RuntimeError", `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  // Two bool operands of matching inner sizes (a mismatch raises its shape error first): the BLAS-backed kernels
  // have no bool case (dot, mv, mm and a batch folded into mm).
  if (a.dtype === "bool" && b.dtype === "bool" && !a.numpy && a.shape[a.ndim - 1] === b.shape[Math.max(b.ndim - 2, 0)]) {
    const kernel = a.ndim === 1 && b.ndim === 1 ? "dot" : b.ndim === 1 && a.ndim === 2 ? "addmv_impl_cpu" : a.ndim <= 2 && b.ndim <= 2 ? "addmm_impl_cpu_" : null;
    if (!kernel) throw new Unsupported("matmul of bool tensors of more than 2 dims");
    throw versionedError("RuntimeError", `"${kernel}" not implemented for 'Bool'`);
  }
  if (a.ndim === 1 && b.ndim === 1) {
    const dtype = resultType(a, b);
    // float32 accumulates in float32, as PyTorch's CPU dot does.
    const r = dtype === "float32" ? Math.fround : (x: number) => x;
    budget().charge(a.numel);
    let s = 0;
    for (let i = 0; i < a.numel; i++) s = r(s + r(a.data[i] * b.data[i]));
    const out = scalarTensor(s, dtype);
    return track(out, "DotBackward0", [a, b], (g) => [binary("*", g, b), binary("*", g, a)]);
  }
  const A = a.ndim === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const B = b.ndim === 1 ? reshape(b, [b.shape[0], 1]) : b;
  if (A.ndim !== 2 || B.ndim !== 2) return matmulBatched(a, b);
  const [n, k] = A.shape;
  const [k2, m] = B.shape;
  if (k !== k2) throw new PyError("RuntimeError", `mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`);
  const dtype = resultType(a, b);
  budget().charge(n * m * k);
  const out = storage(dtype, n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += A.data[i * k + q] * B.data[q * m + j];
      out[i * m + j] = s;
    }
  }
  let r = new PTensor(dtype, [n, m], out);
  if (a.ndim === 1) r = new PTensor(dtype, [m], out);
  else if (b.ndim === 1) r = new PTensor(dtype, [n], out);
  return track(r, "MmBackward0", [a, b], (g) => {
    const G = reshape(g, [n, m]);
    return [reshape(withNoGrad(() => matmul(G, t2d(B))), a.shape), reshape(withNoGrad(() => matmul(t2d(A), G)), b.shape)];
  });
}

/** F.linear / nn.Linear: x @ W.T + b (AddmmBackward0 for 2-D input with a bias; BLAS's summation order is not reproduced). */
export function linear(x: PTensor, w: PTensor, b: PTensor | null): PTensor {
  // ATen's linear of another weight rank is a matmul of its own (mv, dot ...), not reproduced here.
  if (w.ndim !== 2) throw new Unsupported(`F.linear with a ${w.ndim}-d weight`);
  if (x.shape[x.ndim - 1] !== w.shape[1]) {
    const rows = x.numel / Math.max(x.shape[x.ndim - 1], 1);
    throw new PyError("RuntimeError", `mat1 and mat2 shapes cannot be multiplied (${rows}x${x.shape[x.ndim - 1]} and ${w.shape[1]}x${w.shape[0]})`);
  }
  const flat = x.ndim > 2 ? reshape(x, [-1, x.shape[x.ndim - 1]]) : x;
  let out = matmul(flat, t2d(w));
  if (x.ndim > 2) out = reshape(out, [...x.shape.slice(0, -1), w.shape[0]]);
  if (!b) return out;
  const r = binary("+", out, b);
  if (x.ndim === 2 && r.gradFn) r.gradFn.name = "AddmmBackward0";
  return r;
}

/** F.embedding / nn.Embedding: rows of the weight (EmbeddingBackward0, no gradient into padding_idx). */
export function embedding(w: PTensor, idx: PTensor, paddingIdx: number): PTensor {
  if (w.ndim !== 2) throw new PyError("RuntimeError", "'weight' must be 2-D");
  if (idx.dtype !== "int64" && idx.dtype !== "int32") throw new PyError("RuntimeError", `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${idx.dtype === "float32" ? "FloatTensor" : "DoubleTensor"} instead (while checking arguments for embedding)`);
  const [n, d] = w.shape;
  const out = storage(w.dtype, idx.numel * d);
  for (let i = 0; i < idx.numel; i++) {
    const r = idx.data[i];
    if (r < 0 || r >= n) throw new PyError("IndexError", "index out of range in self");
    for (let j = 0; j < d; j++) out[i * d + j] = w.data[r * d + j];
  }
  const res = new PTensor(w.dtype, [...idx.shape, d], out);
  return track(res, "EmbeddingBackward0", [w], (g) => {
    const gw = storage(g.dtype, w.numel);
    for (let i = 0; i < idx.numel; i++) {
      const r = idx.data[i];
      if (r === paddingIdx) continue;
      for (let j = 0; j < d; j++) gw[r * d + j] += g.data[i * d + j];
    }
    return [new PTensor(g.dtype, w.shape.slice(), gw)];
  });
}
