// torch.xlogy and torch.logaddexp as ATen's CPU kernels compute them: xlogy is a scalar cpu_kernel (glibc's log),
// logaddexp a cpu_kernel_vec (Sleef's exp / log1p on 16-float / 8-double chunks of each inner loop, glibc's on their
// tail; 1.13 takes log(1 + exp) where 2.x takes log1p: TorchBehaviour.logaddexpLog1p), each with the
// kernel's special cases, and their derivatives.yaml gradients composed from tensor ops.
import { errorIn } from "../../api/versions";
import { PyError } from "../errors";
import { evalTorch } from "../version";
import { track } from "./autograd";
import { broadcastShapes, cast, dtypeName, isTensor, PTensor, resultType, storage, toTensor, type Operand, type Storage, type TDtype } from "./core";
import { binary, mathOf, neg, unary } from "./elementwise";
import { broadcastTo, reduceTo } from "./shape";

/** a and b cast to their float result type and broadcast to one shape. */
function operands(a: Operand, b: Operand, kernel: string): { x: PTensor; y: PTensor; dtype: TDtype } {
  let dtype = resultType(a, b);
  if (dtype !== "float32" && dtype !== "float64") {
    if (kernel === "logaddexp_cpu") {
      const r = errorIn(evalTorch().version, "RuntimeError", `"${kernel}" not implemented for '${dtypeName(dtype)}'`);
      throw new PyError(r.kind, r.message);
    }
    dtype = "float32";
  }
  const shape = broadcastShapes(isTensor(a) ? a.shape : [], isTensor(b) ? b.shape : []);
  const to = (v: Operand) => broadcastTo(cast(toTensor(v, dtype), dtype), shape);
  return { x: to(a), y: to(b), dtype };
}

/** Each input's gradient summed back to its shape and dtype (null for a Python number or one taking none). */
function back(g: PTensor | null, v: Operand): PTensor | null {
  return g && isTensor(v) && v.requiresGrad ? cast(reduceTo(g, v.shape), v.dtype) : null;
}

/**
 * The length of TensorIterator's inner loop over an output of `shape`: its trailing dims coalesce while every operand
 * has all of them or is broadcast along all of them (a contiguous operand's case), so a broadcast operand cuts it.
 */
function innerRun(shape: number[], ops: Operand[]): number {
  const nd = shape.length;
  const full = ops.map((o) => shape.map((size, d) => isTensor(o) && (o.shape[d - (nd - o.ndim)] ?? 1) === size));
  let inner = 1;
  let kind: boolean[] | null = null;
  for (let d = nd - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    const k = full.map((f) => f[d]);
    if (kind && k.some((v, i) => v !== kind![i])) break;
    kind = k;
    inner *= shape[d];
  }
  return Math.max(inner, 1);
}

/** f over each inner run of `data` (rows of `inner`), given the end of the run's vectorised part (whole chunks of
 *  2 * Vec::size(): cpu_kernel_vec's split within each inner loop). */
function vectorRows(data: Storage, inner: number, f: (row: Storage, vecEnd: number) => Storage): Storage {
  const lanes = data instanceof Float32Array ? 16 : 8;
  if (inner >= data.length) return f(data, data.length - (data.length % lanes));
  const out = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
  for (let o = 0; o < data.length; o += inner) out.set(f(data.subarray(o, o + inner), inner - (inner % lanes)), o);
  return out;
}

/** torch.xlogy(x, y): NaN where y is NaN, else 0 where x is 0, else x * log(y). XlogyBackward0: grad * xlogy(x != 0,
 *  y) and grad * x / y. */
export function xlogy(a: Operand, b: Operand): PTensor {
  const { x, y, dtype } = operands(a, b, "xlogy_cpu");
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  const logy = mathOf("log", y.data, 0);
  const out = storage(dtype, x.numel, true);
  for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(y.data[i]) ? NaN : x.data[i] === 0 ? 0 : r(x.data[i] * logy[i]);
  return track(new PTensor(dtype, x.shape.slice(), out), "XlogyBackward0", [isTensor(a) ? a : null, isTensor(b) ? b : null], (g) => {
    const ga = storage(g.dtype, g.numel, true);
    for (let i = 0; i < ga.length; i++) ga[i] = Number.isNaN(y.data[i]) ? NaN : x.data[i] === 0 ? 0 : r(g.data[i] * logy[i]);
    const gb = binary("/", binary("*", g, x), y);
    return [back(new PTensor(g.dtype, g.shape.slice(), ga), a), back(gb, b)];
  });
}

/**
 * torch.logaddexp(a, b): max(a, b) + log1p(exp(-|a - b|)) (1.13: log(1 + exp(-|a - b|))), a where both are the
 * same infinity. LogaddexpBackward0:
 * grad / (1 + exp(b - a)) and grad / (1 + exp(a - b)).
 */
export function logaddexp(a: Operand, b: Operand): PTensor {
  const { x, y, dtype } = operands(a, b, "logaddexp_cpu");
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  const n = x.numel;
  const t = storage(dtype, n, true);
  for (let i = 0; i < n; i++) t[i] = -Math.abs(r(x.data[i] - y.data[i]));
  const log1p = evalTorch().logaddexpLog1p;
  const l = vectorRows(t, innerRun(x.shape, [a, b]), (row, end) => {
    const e = mathOf("exp", row, end);
    if (log1p) return mathOf("log1p", e, end);
    for (let i = 0; i < e.length; i++) e[i] = r(1 + e[i]);
    return mathOf("log", e, end);
  });
  const out = storage(dtype, n, true);
  for (let i = 0; i < n; i++) {
    const [p, q] = [x.data[i], y.data[i]];
    const m = Number.isNaN(p) || Number.isNaN(q) ? NaN : Math.max(p, q);
    out[i] = Math.abs(p) === Infinity && p === q ? p : r(m + l[i]);
  }
  const one = { value: 1, kind: "int" as const };
  return track(new PTensor(dtype, x.shape.slice(), out), "LogaddexpBackward0", [isTensor(a) ? a : null, isTensor(b) ? b : null], (g) => [
    back(binary("/", g, binary("+", one, unary("exp", binary("-", y, x)))), a),
    back(binary("/", g, binary("+", one, unary("exp", binary("-", x, y)))), b),
  ]);
}

/** torch.special.xlog1py(x, y): NaN where y is NaN, else 0 where x is 0, else x * log1p(y) (glibc's log1p: a scalar
 *  kernel). SpecialXlog1PyBackward0: xlog1py(grad * (x != 0), y) and grad * x / (y + 1). */
export function xlog1py(a: Operand, b: Operand): PTensor {
  const { x, y, dtype } = operands(a, b, "xlog1py_cpu");
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  const l = mathOf("log1p", y.data, 0);
  const out = storage(dtype, x.numel, true);
  for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(y.data[i]) ? NaN : x.data[i] === 0 ? 0 : r(x.data[i] * l[i]);
  return track(new PTensor(dtype, x.shape.slice(), out), "SpecialXlog1PyBackward0", [isTensor(a) ? a : null, isTensor(b) ? b : null], (g) => {
    const ga = storage(g.dtype, g.numel, true);
    // xlog1py(grad * (x != 0), y): a zero gradient stays zero beside an infinite log1p.
    for (let i = 0; i < ga.length; i++) {
      const gx = x.data[i] === 0 ? 0 : g.data[i];
      ga[i] = Number.isNaN(y.data[i]) ? NaN : gx === 0 ? 0 : r(gx * l[i]);
    }
    const gb = binary("/", binary("*", g, x), binary("+", y, { value: 1, kind: "int" }));
    return [back(new PTensor(g.dtype, g.shape.slice(), ga), a), back(gb, b)];
  });
}

/** torch.special.entr(x): -x * log(x) for x > 0, 0 at 0, -inf below, NaN kept (glibc's log: a scalar kernel).
 *  SpecialEntrBackward0: grad * -(1 + log(x)). */
export function entr(t: PTensor): PTensor {
  const dtype: TDtype = t.isFloat ? t.dtype : "float32";
  const x = cast(t, dtype);
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  const l = mathOf("log", x.data, 0);
  const out = storage(dtype, x.numel, true);
  for (let i = 0; i < out.length; i++) {
    const v = x.data[i];
    out[i] = Number.isNaN(v) ? v : v > 0 ? r(-v * l[i]) : v === 0 ? 0 : -Infinity;
  }
  return track(new PTensor(dtype, t.shape.slice(), out), "SpecialEntrBackward0", [t], (g) => [
    binary("*", g, neg(binary("+", { value: 1, kind: "int" }, unary("log", x)))),
  ]);
}
