// matmul / mm / dot and norm (small, in float64 or float32 accumulation; not ATen's BLAS order).
import { budget } from "../budget";
import { PyError } from "../errors";
import { track, withNoGrad } from "./autograd";
import { map, PTensor, resultType, scalarTensor, storage } from "./core";
import { binary } from "./elementwise";
import { reshape, t2d } from "./shape";

export function matmul(a: PTensor, b: PTensor): PTensor {
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw new PyError("RuntimeError", `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    }
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
  if (A.ndim !== 2 || B.ndim !== 2) throw new PyError("RuntimeError", "matmul of tensors with more than 2 dimensions is not supported by the evaluator");
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

export function norm(t: PTensor, p: number): PTensor {
  budget().charge(t.numel);
  const r = t.dtype === "float32" ? Math.fround : (x: number) => x;
  let s = 0;
  for (let i = 0; i < t.numel; i++) s = r(s + r(p === 2 ? t.data[i] * t.data[i] : Math.pow(Math.abs(t.data[i]), p)));
  const v = r(p === 2 ? Math.sqrt(s) : Math.pow(s, 1 / p));
  const out = scalarTensor(v, t.isFloat ? t.dtype : "float32");
  return track(out, "NormBackward1", [t], (g) =>
    p === 2 ? [binary("*", g, binary("/", t, out))] : [binary("*", g, map(t, t.dtype, (x) => Math.sign(x) * Math.pow(Math.abs(x), p - 1) / Math.pow(v, p - 1)))],
  );
}
