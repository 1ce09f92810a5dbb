// Pointwise ops of several operands as ATen's CPU kernels compute them, with their derivatives.yaml gradients
// composed from tensor ops: lerp (the weight decides the formula: a small w ? start + w·d : end - (1 - w)·d with
// d = end - start, one fused multiply-add either way, as vec::fmadd and the contracted scalar tail do; which w are
// small: TorchBehaviour.lerpSmallWeight), addcmul (self + (value·t1)·t2 fused), addcdiv (self + (value·t1) / t2),
// hypot (float32 in double, rounded once; float64 correctly rounded, as glibc's hypot),
// isclose (ATen's composite: |a - b| <= atol + |rtol·b| in the dtype), heaviside (no derivative).
import { errorIn } from "../../api/versions";
import { PyError } from "../errors";
import { fma, fmaf } from "../fma";
import { formatGeneral } from "../numfmt";
import { evalTorch } from "../version";
import { track } from "./autograd";
import { broadcastShapes, cast, dtypeName, isTensor, PTensor, resultType, storage, toTensor, type Operand, type Scalar, type TDtype } from "./core";
import { binary, neg, zipWith } from "./elementwise";
import { broadcastTo, reduceTo } from "./shape";

/** ATen's TypeMeta name of a dtype, as its dtype checks print it. */
function metaName(d: TDtype): string {
  return d === "float32" ? "float" : d === "float64" ? "double" : d === "int64" ? "long int" : "bool";
}

function notImplemented(kernel: string, dtype: TDtype): PyError {
  const r = errorIn(evalTorch().version, "RuntimeError", `"${kernel}" not implemented for '${dtypeName(dtype)}'`);
  return new PyError(r.kind, r.message);
}

/** The operands cast to dtype and broadcast to one shape. */
function spread(ops: Operand[], dtype: TDtype): { xs: PTensor[]; shape: number[] } {
  const shape = ops.reduce<number[]>((s, o) => broadcastShapes(s, isTensor(o) ? o.shape : []), []);
  return { xs: ops.map((o) => broadcastTo(cast(toTensor(o, dtype), dtype), shape)), shape };
}

/** A gradient summed back to v's shape and dtype, or null when v takes none. */
function back(g: PTensor, v: Operand | null): PTensor | null {
  return v && isTensor(v) && v.requiresGrad ? cast(reduceTo(g, v.shape), v.dtype) : null;
}

const rounder = (dtype: TDtype) => (dtype === "float32" ? Math.fround : (x: number) => x);
const fused = (dtype: TDtype) => (dtype === "float32" ? fmaf : fma);

/** torch.lerp(start, end, weight): a number weight (LerpBackward0) or a tensor (LerpBackward1). */
export function lerp(start: PTensor, end: PTensor, weight: PTensor | number): PTensor {
  if (start.dtype !== end.dtype) throw new PyError("RuntimeError", `expected dtype ${metaName(start.dtype)} for \`end\` but got dtype ${metaName(end.dtype)}`);
  if (isTensor(weight) && weight.dtype !== start.dtype) throw new PyError("RuntimeError", `expected dtype ${metaName(start.dtype)} for \`weight\` but got dtype ${metaName(weight.dtype)}`);
  const dtype = start.dtype;
  if (!start.isFloat) throw notImplemented(isTensor(weight) ? "lerp_kernel_tensor" : "lerp_kernel_scalar", dtype);
  const r = rounder(dtype);
  const fm = fused(dtype);
  const { xs, shape } = spread(isTensor(weight) ? [start, end, weight] : [start, end], dtype);
  const [s, e] = xs;
  const w = isTensor(weight) ? xs[2].data : null;
  const w0 = isTensor(weight) ? 0 : r(weight);
  const small = evalTorch().lerpSmallWeight === "abs" ? (v: number) => Math.abs(v) < 0.5 : (v: number) => v < 0.5;
  const out = storage(dtype, s.numel, true);
  for (let i = 0; i < out.length; i++) {
    const wi = w ? w[i] : w0;
    const d = r(e.data[i] - s.data[i]);
    out[i] = small(wi) ? fm(wi, d, s.data[i]) : fm(r(wi - 1), d, e.data[i]);
  }
  const res = new PTensor(dtype, shape, out);
  if (!isTensor(weight)) {
    const one: Scalar = { value: 1 - weight, kind: "float" };
    return track(res, "LerpBackward0", [start, end], (g) => [back(binary("*", g, one), start), back(binary("*", g, { value: weight, kind: "float" }), end)]);
  }
  return track(res, "LerpBackward1", [start, end, weight], (g) => [
    back(binary("*", g, binary("-", { value: 1, kind: "int" }, weight)), start),
    back(binary("*", g, weight), end),
    back(binary("*", g, binary("-", end, start)), weight),
  ]);
}

/** torch.addcmul / addcdiv(self, tensor1, tensor2, value=1): AddcmulBackward0 / AddcdivBackward0. */
export function addcOp(self: PTensor, t1: PTensor, t2: PTensor, value: Scalar, div: boolean): PTensor {
  const dtype = resultType(self, t1, t2);
  if (div && !t1.isFloat && !t2.isFloat) {
    throw new PyError(
      "RuntimeError",
      "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.",
    );
  }
  if (dtype === "bool") throw notImplemented(div ? "addcdiv_cpu_out" : "addcmul_cpu_out", dtype);
  const { xs, shape } = spread([self, t1, t2], dtype);
  const [a, b, c] = xs;
  const float = dtype === "float32" || dtype === "float64";
  const r = rounder(dtype);
  const fm = fused(dtype);
  const v = float ? r(value.value) : Math.trunc(value.value);
  const out = storage(dtype, a.numel, true);
  for (let i = 0; i < out.length; i++) {
    if (!float) out[i] = a.data[i] + v * b.data[i] * c.data[i];
    else if (div) out[i] = r(a.data[i] + r(r(v * b.data[i]) / c.data[i]));
    else out[i] = fm(r(v * b.data[i]), c.data[i], a.data[i]);
  }
  const res = new PTensor(dtype, shape, out);
  if (!float) return res;
  return track(res, div ? "AddcdivBackward0" : "AddcmulBackward0", [self, t1, t2], (g) => {
    if (!div) return [back(g, self), back(binary("*", g, binary("*", t2, value)), t1), back(binary("*", g, binary("*", t1, value)), t2)];
    // tensor1: grad * (value / tensor2); tensor2: -grad * (value * tensor1 / (tensor2 * tensor2))
    return [back(g, self), back(binary("*", g, binary("/", value, t2)), t1), back(binary("*", neg(g), binary("/", binary("*", t1, value), binary("*", t2, t2))), t2)];
  });
}

/** torch.hypot(a, b): sqrt(a² + b²); HypotBackward0: grad * a / result, grad * b / result. */
export function hypot(a: PTensor, b: PTensor): PTensor {
  const dtype = resultType(a, b);
  if (dtype !== "float32" && dtype !== "float64") throw notImplemented("hypot_cpu", dtype);
  const { xs, shape } = spread([a, b], dtype);
  const [x, y] = xs;
  // float32: squares exact in double, their sum and root rounded in double, then once to float (glibc's hypotf;
  // Sleef's hypotf8_u05 is correctly rounded on the same inputs).
  const f = dtype === "float32" ? (p: number, q: number) => Math.sqrt(p * p + q * q) : hypot64;
  const out = zipWith(x, y, shape, dtype, f);
  return track(out, "HypotBackward0", [a, b], (g) => [back(binary("/", binary("*", g, a), out), a), back(binary("/", binary("*", g, b), out), b)]);
}

/** sqrt(x² + y²) in float64, correctly rounded but in rare ties: the squares' exact sum (fused multiply-adds give
 *  their low parts), its root corrected by one Newton step on the residual. Math.hypot can be an ulp off. */
function hypot64(x: number, y: number): number {
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a < b) [a, b] = [b, a];
  if (b === 0) return a;
  // A power of two keeps the squares clear of overflow and underflow (exact).
  const scale = a > 2 ** 500 ? 2 ** -600 : b < 2 ** -500 ? 2 ** 600 : 1;
  a *= scale;
  b *= scale;
  const p = a * a;
  const q = b * b;
  const s = p + q;
  const lo = p - s + q + fma(a, a, -p) + fma(b, b, -q);
  const r = Math.sqrt(s + lo);
  return (r + (fma(-r, r, s) + lo) / (2 * r)) / scale;
}

/** torch.isclose(a, b, rtol, atol, equal_nan): ATen's composite, its arithmetic in the operands' dtype. */
export function isclose(a: PTensor, b: PTensor, rtol: number, atol: number, equalNan: boolean): PTensor {
  if (a.dtype !== b.dtype) throw new PyError("RuntimeError", `${dtypeName(a.dtype)} did not match ${dtypeName(b.dtype)}`);
  if (!(rtol >= 0)) throw new PyError("RuntimeError", `rtol must be greater than or equal to zero, but got ${formatGeneral(rtol, 6)}`);
  if (!(atol >= 0)) throw new PyError("RuntimeError", `atol must be greater than or equal to zero, but got ${formatGeneral(atol, 6)}`);
  const shape = broadcastShapes(a.shape, b.shape);
  const x = broadcastTo(a, shape);
  const y = broadcastTo(b, shape);
  const float = a.isFloat;
  const out = zipWith(x, y, shape, "bool", (p, q) => (p === q || (equalNan && float && Number.isNaN(p) && Number.isNaN(q)) ? 1 : 0));
  if (rtol === 0 && atol === 0) return out;
  // allowed = atol + |rtol * other| (a float tensor: the default dtype for integers), actual = |self - other|
  const fdt: TDtype = float ? a.dtype : "float32";
  const r = rounder(fdt);
  const [rt, at] = [r(rtol), r(atol)];
  const exact = (v: number) => (a.dtype === "float32" ? Math.fround(v) : v);
  for (let i = 0; i < out.numel; i++) {
    if (out.data[i]) continue;
    const allowed = r(at + Math.abs(r(rt * r(y.data[i]))));
    const actual = exact(Math.abs(exact(x.data[i] - y.data[i])));
    if (Number.isFinite(actual) && r(actual) <= allowed) out.data[i] = 1;
  }
  return out;
}

/** torch.heaviside(input, values): 0 below zero, 1 above, values at zero (NaN: 0); PyTorch has no derivative. */
export function heaviside(x: PTensor, values: PTensor): PTensor {
  if (x.dtype !== values.dtype) throw new PyError("RuntimeError", "heaviside is not yet implemented for tensors with different dtypes.");
  const shape = broadcastShapes(x.shape, values.shape);
  const out = zipWith(broadcastTo(x, shape), broadcastTo(values, shape), shape, x.dtype, (p, q) => (p === 0 ? q : p > 0 ? 1 : 0));
  return track(out, "NotImplemented", [x, values], () => {
    throw new PyError("RuntimeError", "derivative for aten::heaviside is not implemented");
  });
}
