// Element-wise ops with broadcasting, PyTorch's type promotion and autograd; the ops themselves (values,
// grad_fn names, derivatives) are the table in ops.ts.
import { runElementwise } from "../../api/elementwise";
import { VML } from "../../api/types";
import { PyError, Unsupported } from "../errors";
import { hasOwn } from "../values";
import { evalTorch, versionedError } from "../version";
import { fma, fmaf } from "../fma";
import { track } from "./autograd";
import {
  broadcastShapes,
  broadcastStrides,
  cast,
  dtypeName,
  isTensor,
  map,
  numelOf,
  PTensor,
  recycleTemp,
  resultType,
  sameShape,
  storage,
  toTensor,
  type Operand,
  type Scalar,
  type Storage,
  type TDtype,
} from "./core";
import { isIntegral, isNarrowInt, wrapInt, wrapStorage, type NarrowInt } from "./intdtypes";
import { BINARY, UNARY, type Need } from "./ops";
import { elementwiseStrides, preservedStrides, withStrides } from "./layout";
import { broadcastTo, reduceTo } from "./shape";
import { currentHeap } from "./resident";
import { CHUNK, UNARY_CODE, wasmBinary, wasmClamp, wasmUnary } from "./wasm";

/** Applies f elementwise over broadcast a and b into a new storage of dtype. */
export function zipWith(a: PTensor, b: PTensor, shape: number[], dtype: TDtype, f: (x: number, y: number) => number): PTensor {
  const n = numelOf(shape);
  const out = storage(dtype, n);
  const ad = a.data;
  const bd = b.data;
  if (a.numel === n && b.numel === n && sameShape(a.shape, b.shape)) {
    for (let i = 0; i < n; i++) out[i] = f(ad[i], bd[i]);
  } else if (b.numel === 1 && a.numel === n) {
    const y = bd[0];
    for (let i = 0; i < n; i++) out[i] = f(ad[i], y);
  } else if (a.numel === 1 && b.numel === n) {
    const x = ad[0];
    for (let i = 0; i < n; i++) out[i] = f(x, bd[i]);
  } else {
    const sa = broadcastStrides(a.shape, shape);
    const sb = broadcastStrides(b.shape, shape);
    const nd = shape.length;
    const idx = new Array<number>(nd).fill(0);
    let ia = 0;
    let ib = 0;
    for (let i = 0; i < n; i++) {
      out[i] = f(ad[ia], bd[ib]);
      for (let d = nd - 1; d >= 0; d--) {
        idx[d]++;
        ia += sa[d];
        ib += sb[d];
        if (idx[d] < shape[d]) break;
        ia -= sa[d] * shape[d];
        ib -= sb[d] * shape[d];
        idx[d] = 0;
      }
    }
  }
  if (dtype === "int64") for (let i = 0; i < n; i++) out[i] = Math.trunc(out[i]);
  else wrapStorage(dtype, out);
  return new PTensor(dtype, shape, out);
}

/**
 * x ** p for a Python-number p, as ATen's pow_tensor_scalar_optimized_kernel computes it in the tensor's dtype:
 * x·x, (x·x)·x, 1 / (x·x), sqrt, 1 / sqrt, 1 / x; other exponents std::pow (float64 Math.pow, rounded once).
 */
function powScalar(p: number, dtype: "float32" | "float64"): (x: number) => number {
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  if (p === 2) return (x) => x * x;
  if (p === 3) return (x) => r(x * x) * x;
  if (p === -2) return (x) => 1 / r(x * x);
  if (p === 0.5) return (x) => Math.sqrt(x);
  if (p === -0.5) return (x) => 1 / r(Math.sqrt(x));
  if (p === -1) return (x) => 1 / x;
  return (x) => Math.pow(x, p);
}

/** powScalar's exponents that are one kernel op (the same roundings), in the kernels; null for the others. */
function powKernel(t: PTensor, p: number): PTensor | null {
  if (p === 1 && t.isFloat) {
    // std::pow(x, 1) is x: a copy.
    const out = storage(t.dtype, t.numel);
    out.set(t.data);
    return new PTensor(t.dtype, t.shape.slice(), out);
  }
  const op = ({ 2: "square", 3: "cube", [-2]: "invSquare", 0.5: "sqrt", [-0.5]: "rsqrt", [-1]: "reciprocal" } as Record<number, keyof typeof UNARY_CODE>)[p];
  return op ? wasmUnary(op, t) : null;
}

/** int32 * int32 modulo 2^32 (Math.imul); the narrower ones' products are exact in a float64 before wrapStorage. */
const mulWrapped = (d: NarrowInt) => (d === "int32" ? Math.imul : (x: number, y: number) => wrapInt(d, x * y));

/**
 * The ops whose exact result a float64 cannot hold for a narrow integer dtype (an int32 product, any power): computed
 * modulo the width, as C++'s integer arithmetic wraps. + - // % stay exact in a float64 and are wrapped after.
 */
const WRAPPING: Record<string, (d: NarrowInt) => (x: number, y: number) => number> = {
  "*": mulWrapped,
  "**": (d) => {
    const mul = mulWrapped(d);
    return (x, p) => {
      // Square and multiply, every step wrapped (p >= 0: a negative power was refused above).
      let r = 1;
      let base = wrapInt(d, x);
      for (let e = p; e > 0; e = Math.floor(e / 2)) {
        if (e % 2 === 1) r = mul(r, base);
        base = mul(base, base);
      }
      return r;
    };
  },
};

const anyNumpy = (a: Operand, b: Operand) => (isTensor(a) && a.numpy) || (isTensor(b) && b.numpy);

/** ATen's sub_check: a bool operand (a tensor or Python's True / False) refuses `-`; numpy's only two bools. */
function subCheck(a: Operand, b: Operand): void {
  const isBool = (v: Operand) => (isTensor(v) ? v.dtype === "bool" : v.kind === "bool");
  if (anyNumpy(a, b)) {
    if (isBool(a) && isBool(b)) throw new PyError("TypeError", "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.");
    return;
  }
  if (isBool(a) && isBool(b)) throw new PyError("RuntimeError", "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  if (isBool(a) || isBool(b)) {
    throw new PyError("RuntimeError", "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
}

/** a op b (an op of ops.ts's BINARY) with broadcasting, PyTorch's type promotion and autograd. */
export function binary(op: string, a: Operand, b: Operand): PTensor {
  // number / tensor is Tensor.__rdiv__: self.reciprocal() * other (two roundings; numpy divides once).
  if (op === "/" && !isTensor(a) && isTensor(b) && !b.numpy && a.kind !== "bool") return binary("*", unary("reciprocal", b), a);
  const def = BINARY[op];
  let dtype = resultType(a, b);
  if ((op === "/" || op === "atan2") && isIntegral(dtype, true)) dtype = "float32";
  if (op === "-") subCheck(a, b);
  const ta = cast(toTensor(a, dtype), dtype);
  const tb = cast(toTensor(b, dtype), dtype);
  const shape = broadcastShapes(ta.shape, tb.shape);
  if (def.noBool && dtype === "bool" && !anyNumpy(a, b)) throw versionedError("RuntimeError", `"${def.noBool}" not implemented for 'Bool'`);
  if (def.integral && (dtype === "float32" || dtype === "float64")) throw versionedError("RuntimeError", `"${def.integral}" not implemented for '${dtypeName(dtype)}'`);
  if (isIntegral(dtype) && (op === "//" || op === "%" || op === "fmod") && tb.data.some((v) => v === 0)) {
    throw new PyError("RuntimeError", "ZeroDivisionError");
  }
  if (dtype === "int32" && (op === "//" || op === "%" || op === "fmod") && evalTorch().intMinDivTraps && ta.data.includes(-(2 ** 31)) && tb.data.includes(-1)) {
    throw new Unsupported(`int32 -2147483648 ${op} -1 (PyTorch ${evalTorch().version} dies of SIGFPE on it)`);
  }
  if (isIntegral(dtype) && op === "**" && tb.data.some((v) => v < 0)) {
    throw new PyError("RuntimeError", "Integers to negative integer powers are not allowed.");
  }
  const powOf = op === "**" && !isTensor(b) && (dtype === "float32" || dtype === "float64") ? b.value : null;
  const wrapped = isNarrowInt(dtype) ? WRAPPING[op]?.(dtype) : undefined;
  let out =
    (powOf !== null ? powKernel(ta, powOf) : wasmBinary(op, ta, tb, shape, dtype, def.compare === true)) ??
    zipWith(ta, tb, shape, def.compare ? "bool" : dtype, wrapped ?? (powOf !== null ? powScalar(powOf, dtype as "float32" | "float64") : def.f));
  if (def.compare) out = cast(out, "bool");
  withStrides(out, elementwiseStrides(shape, [isTensor(a) ? a : null, isTensor(b) ? b : null]));
  out.numpy = (isTensor(a) && a.numpy) || (isTensor(b) && b.numpy);
  const A = isTensor(a) ? a : null;
  const B = isTensor(b) ? b : null;
  if (def.compare || !out.isFloat || !def.grad || !def.d) return track(out, "", [], () => []);
  const d = def.d;
  // Which inputs take a gradient is settled now, as PyTorch's graph records it (a later requires_grad_ on a leaf
  // does not reach back into this node).
  const need: Need = [A?.requiresGrad === true, B?.requiresGrad === true];
  track(out, def.grad(A, B), [A, B], (g) => {
    const [ga, gb] = d(g, a, b, out, A, B, need);
    return [A && ga ? toInput(ga, g, A) : null, B && gb ? toInput(gb, g, B) : null];
  });
  if (out.gradFn && def.reads) {
    const [ra, rb] = def.reads(need);
    out.gradFn.reads = [...(A && ra ? [A] : []), ...(B && rb ? [B] : [])];
  }
  // g * other, when each operand taking a gradient has an other of the result's whole shape, is whole however
  // small g is: a Dice loss's intersection.sum(1) then needs no 4 MB expansion a pass at 1e6.
  const whole = (t: PTensor | null) => t !== null && t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i]);
  if (out.gradFn && op === "*" && (!need[0] || whole(B)) && (!need[1] || whole(A))) out.gradFn.takesGradView = true;
  return out;
}

/** An operand's gradient gi (before summing over its broadcast dims) as the input's shape and dtype; a full-size gi
 *  the formula made (not the upstream g) is recycled once summed or cast. */
function toInput(gi: PTensor, g: PTensor, input: PTensor): PTensor {
  const r = cast(reduceTo(gi, input.shape), input.dtype);
  if (gi !== g && r.data !== gi.data) recycleTemp(gi);
  return r;
}

export function neg(t: PTensor): PTensor {
  if (t.dtype === "bool") throw new PyError("RuntimeError", "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  const d = t.dtype;
  const f = isNarrowInt(d) ? (x: number) => wrapInt(d, -x) : (x: number) => -x;
  const out = withStrides(wasmUnary("neg", t) ?? map(t, t.dtype, f), elementwiseStrides(t.shape, [t]));
  return track(out, "NegBackward0", [t], (g) => [neg(g)]);
}

/** The element-wise functions the engine computes as ATen does (Engine.elementwise). */
export type ExactOp = "exp" | "log" | "log1p" | "sigmoid" | "erf";
/** op over data into `into` (data's type and length), its first `vector` elements on ATen's vector path (Sleef),
 * the rest on the scalar one (glibc). */
export type ExactMath = <S extends Storage>(op: ExactOp, data: S, vector: number | undefined, into: S) => void;
let exactMath: ExactMath | null = null;

/**
 * Installs ATen's element-wise math (the Interpreter passes its engine's Engine.elementwise); null restores the
 * float64 Math.* fallback (within an ulp of PyTorch).
 */
export function setExactMath(f: ExactMath | null): void {
  exactMath = f;
}

/** op over a float32 / float64 storage as torch.<op> computes it (exact with the engine, else Math.* rounded). */
export function mathOf(op: ExactOp, data: Storage, vector?: number): Storage {
  // The engine's erf is float32's (glibc's erff); float64 takes the JS definition below.
  if (exactMath && (op !== "erf" || data instanceof Float32Array)) {
    const n = data.length;
    // The results straight into the evaluator's storage (recyclable), large arrays in chunks that stay in cache,
    // one engine call each. The same elements take Sleef's vector path as in one call: chunks are multiples of
    // ATen's vector block (sigmoid's tail stays in the last chunk), and an explicit count is split across them.
    const dtype = data instanceof Float32Array ? "float32" : "float64";
    const out = storage(dtype, n, true);
    // Resident values and result: one call over them in place (a whole run's split, no chunks needed).
    const heap = currentHeap();
    if (heap?.owns(data) && heap.owns(out)) {
      runElementwise(heap, op, dtype, data.byteOffset, out.byteOffset, n, vector, evalTorch().version);
      return out;
    }
    for (let i0 = 0; i0 < n; i0 += CHUNK) {
      const len = Math.min(CHUNK, n - i0);
      const v = vector === undefined || vector === VML ? vector : Math.min(len, Math.max(0, vector - i0));
      exactMath(op, data.subarray(i0, i0 + len), v, out.subarray(i0, i0 + len));
    }
    return out;
  }
  const f = UNARY[op].f;
  const out = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i]);
  return out;
}

/** ops.ts's unary ops whose JS definition is one kernel op (rsqrt is not: the JS divides by an unrounded sqrt). */
const KERNEL_UNARY: Record<string, keyof typeof UNARY_CODE> = { abs: "abs", absolute: "abs", sqrt: "sqrt", rsqrt: "rsqrt", square: "square", reciprocal: "reciprocal" };

/** The unary ops torch.<name> / Tensor.<name>() provide. */
export const UNARY_OPS = Object.keys(UNARY);

/**
 * An op of ops.ts's UNARY with its autograd. Integer inputs are promoted to float32 where PyTorch does.
 * numpyMath: numpy's ufunc (np.exp...), which is not ATen's: float64 Math.* rounded once.
 */
/** The element-wise ops whose CPU kernels have no bool case (measured on 1.13 and 2.13): their dispatch names. */
const NO_BOOL_KERNEL: Record<string, string> = { abs: "abs_cpu", absolute: "abs_cpu", floor: "floor_vml_cpu", ceil: "ceil_vml_cpu", trunc: "trunc_vml_cpu", round: "round_vml_cpu" };

export function unary(op: string, t: PTensor, numpyMath = t.numpy): PTensor {
  const def = UNARY[op];
  if (t.dtype === "bool" && !t.numpy) {
    if (hasOwn(NO_BOOL_KERNEL, op)) throw versionedError("RuntimeError", `"${NO_BOOL_KERNEL[op]}" not implemented for 'Bool'`);
    if (op === "relu") throw new PyError("RuntimeError", "Boolean inputs not supported for relu");
  }
  const dtype: TDtype = t.isFloat || def.keepsInt ? (t.dtype === "bool" && op !== "abs" ? "int64" : t.dtype) : "float32";
  if (op === "sign" && t.dtype === "bool") return t;
  let out: PTensor;
  if (def.exact && !numpyMath && (dtype === "float32" || dtype === "float64")) {
    // torch.exp & co. on a tensor: ATen's vml ops (the version decides whose library: VML).
    out = new PTensor(dtype, t.shape.slice(), mathOf(op as ExactOp, cast(t, dtype).data, op === "sigmoid" ? undefined : VML));
    out.numpy = t.numpy;
  } else {
    out = (t.dtype === dtype && op in KERNEL_UNARY ? wasmUnary(KERNEL_UNARY[op], t) : null) ?? map(t, dtype, (dtype === "float32" && def.f32) || def.f);
    // abs(-2^31) and a square past the width wrap as C++'s do (an int32 square: Math.imul, exact modulo 2^32).
    if (dtype === "int32" && op === "square") for (let i = 0; i < out.numel; i++) out.data[i] = Math.imul(t.data[i], t.data[i]);
    else wrapStorage(dtype, out.data);
  }
  withStrides(out, elementwiseStrides(t.shape, [t]));
  if (!out.isFloat) return out;
  const d = def.d;
  return track(out, def.grad, [t], (g) => [d ? d(g, t, out) : map(g, g.dtype, () => 0)]);
}

/** .float() / .double() / .long() / .to(dtype): differentiable between float types. */
export function castOp(t: PTensor, dtype: TDtype): PTensor {
  if (t.dtype === dtype) return t;
  const out = withStrides(cast(t, dtype), preservedStrides(t));
  if (!out.isFloat) return out;
  return track(out, "ToCopyBackward0", [t], (g) => [cast(g, t.dtype)]);
}

/** clamp(min, max): ClampBackward1 (clamp_min / clamp_max: ClampMinBackward0 / ClampMaxBackward0). */
export function clamp(t: PTensor, lo: number | null, hi: number | null, name = "ClampBackward1"): PTensor {
  const out = withStrides(
    wasmClamp(t, lo, hi, null) ?? map(t, t.dtype, (x) => (Number.isNaN(x) ? x : Math.min(hi ?? Infinity, Math.max(lo ?? -Infinity, x)))),
    elementwiseStrides(t.shape, [t]),
  );
  // clamp_backward: where(self >= min && self <= max, grad, 0): a +0 outside, never grad * 0.
  return track(out, name, [t], (g) => {
    const fast = wasmClamp(t, lo, hi, g);
    if (fast) return [fast];
    const gi = map(g, g.dtype, (v) => v);
    for (let i = 0; i < gi.numel; i++) {
      const x = t.data[i];
      if (!((lo === null || x >= lo) && (hi === null || x <= hi))) gi.data[i] = 0;
    }
    return [gi];
  });
}

/**
 * clamp with tensor bounds (clamp.Tensor, ClampBackward0; clamp_min / clamp_max: ClampMinBackward1 /
 * ClampMaxBackward1): max(x, min) then min(·, max), broadcast, a NaN anywhere
 * giving NaN. Gradients as derivatives.yaml's clamp_backward / clamp_backward_min_max: x's where min <= x <= max,
 * min's where x < min (and min < max when both are given), max's where x > max (or max < min).
 */
export function clampTensor(x: PTensor, lo: PTensor | null, hi: PTensor | null, name = "ClampBackward0"): PTensor {
  // The three operands' result type, promoted in turn (x's shape keeps its priority over 0-dim bounds).
  let dtype = x.dtype;
  for (const b of [lo, hi]) if (b) dtype = resultType(new PTensor(dtype, x.shape, x.data), b);
  let shape = x.shape;
  for (const b of [lo, hi]) if (b) shape = broadcastShapes(shape, b.shape);
  const at = (t: PTensor | null) => (t ? broadcastTo(cast(t, dtype), shape).data : null);
  const [xv, lv, hv] = [at(x)!, at(lo), at(hi)];
  const f = BINARY.max.f;
  const g = BINARY.min.f;
  const out = storage(dtype, numelOf(shape), true);
  for (let i = 0; i < out.length; i++) {
    let v = xv[i];
    if (lv) v = f(v, lv[i]);
    if (hv) v = g(v, hv[i]);
    out[i] = v;
  }
  const res = new PTensor(dtype, shape.slice(), out);
  if (!res.isFloat) return res;
  return track(res, name, [x, lo, hi], (gr) => {
    const mask = (keep: (i: number) => boolean) => {
      const m = storage(gr.dtype, gr.numel, true);
      for (let i = 0; i < m.length; i++) m[i] = keep(i) ? gr.data[i] : 0;
      return new PTensor(gr.dtype, gr.shape.slice(), m);
    };
    const gx = mask((i) => (!lv || xv[i] >= lv[i]) && (!hv || xv[i] <= hv[i]));
    const gl = lv && mask((i) => xv[i] < lv[i] && (!hv || lv[i] < hv[i]));
    const gh = hv && mask((i) => xv[i] > hv[i] || (!!lv && hv[i] < lv[i]));
    const back = (gt: PTensor | null, t: PTensor | null) => (t && gt ? cast(reduceTo(gt, t.shape), t.dtype) : null);
    return [back(gx, x), back(gl, lo), back(gh, hi)];
  });
}

/** nan_to_num(nan, posinf, neginf): infinities default to the dtype's extremes; NanToNumBackward0: grad * isfinite. */
export function nanToNum(t: PTensor, nan: number, posinf: number | null, neginf: number | null): PTensor {
  if (!t.isFloat) return map(t, t.dtype, (v) => v);
  const max = t.dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const out = map(t, t.dtype, (v) => (Number.isNaN(v) ? nan : v === Infinity ? (posinf ?? max) : v === -Infinity ? (neginf ?? -max) : v));
  return track(out, "NanToNumBackward0", [t], (g) => [binary("*", g, map(t, "bool", (v) => (Number.isFinite(v) ? 1 : 0)))]);
}

/**
 * add / sub with alpha (torch.add(a, b, alpha=k), Tensor.add_, Tensor.sub): a ± k·b as one fused multiply-add in
 * the dtype, as ATen's add kernel computes it (vec::fmadd, its scalar tail contracted); integers exactly.
 * AddBackward0 / SubBackward0: grad, and grad · k (sub: -grad · k) summed to b's shape.
 */
export function addAlpha(a: Operand, b: Operand, alpha: number, sub: boolean, alphaIsFloat = !Number.isInteger(alpha)): PTensor {
  if (sub) subCheck(a, b);
  const dtype = resultType(a, b);
  if (isIntegral(dtype) && alphaIsFloat) throw new PyError("RuntimeError", "For integral input tensors, argument alpha must not be a floating point number.");
  if (isNarrowInt(dtype)) {
    // a ± alpha·b in the result dtype, wrapped as C++'s integers (b is cast to it first: an int8 -128 times -1 is 128).
    const mul = mulWrapped(dtype);
    const k = wrapInt(dtype, sub ? -alpha : alpha);
    const ta = cast(toTensor(a, dtype), dtype);
    const tb = cast(toTensor(b, dtype), dtype);
    return zipWith(ta, tb, broadcastShapes(ta.shape, tb.shape), dtype, (x, y) => x + mul(k, y));
  }
  if (dtype !== "float32" && dtype !== "float64") return binary(sub ? "-" : "+", a, binary("*", b, { value: alpha, kind: Number.isInteger(alpha) ? "int" : "float" }));
  const r = dtype === "float32" ? Math.fround : (x: number) => x;
  const fm = dtype === "float32" ? fmaf : fma;
  const k = r(sub ? -alpha : alpha);
  const ta = cast(toTensor(a, dtype), dtype);
  const tb = cast(toTensor(b, dtype), dtype);
  const out = zipWith(ta, tb, broadcastShapes(ta.shape, tb.shape), dtype, (x, y) => fm(k, y, x));
  const A = isTensor(a) ? a : null;
  const B = isTensor(b) ? b : null;
  const need = [A?.requiresGrad === true, B?.requiresGrad === true];
  const scale: Scalar = { value: alpha, kind: "float" };
  return track(out, sub ? "SubBackward0" : "AddBackward0", [A, B], (g) => [
    A && need[0] ? cast(reduceTo(g, A.shape), A.dtype) : null,
    B && need[1] ? cast(reduceTo(binary("*", sub ? neg(g) : g, scale), B.shape), B.dtype) : null,
  ]);
}
