// THE table of element-wise ops: how each computes one element, its grad_fn name as PyTorch prints it, and its
// derivative (derivatives.yaml's formula, in ATen's operation order). Adding an element-wise op is one entry
// here; torch.<op>, Tensor.<op>() and (where listed in torchapi) F.<op> pick it up by name.
// Values are computed in float64 and rounded once to the result dtype (PyTorch's float32 result for + - * /);
// ops marked `exact` are computed by the engine's ATen math instead (Sleef / glibc, bit for bit).
import type { Operand, PTensor, Scalar } from "./core";
import { full, isTensor, map, recycleTemp } from "./core";
import { binary, neg, unary } from "./elementwise";
import { wasmSigmoidGrad } from "./wasm";
import { fma, fmaf } from "../fma";
import { erf64 } from "../erf";
import { lgamma, lgammaf } from "../special/lgamma";
import { digamma, digammaf } from "../special/digamma";
import { polygamma } from "./polygamma";

/** A Python int constant inside a derivative formula. */
const n = (value: number): Scalar => ({ value, kind: "int" });
const fl = (value: number): Scalar => ({ value, kind: "float" });

/** r, once the formula's inner results `temps` are read: their storage goes back to the backward pass's free lists
 *  (a miss there costs a fresh array, about 50 µs for 1e5 floats). */
function after(r: PTensor, ...temps: PTensor[]): PTensor {
  for (const t of temps) recycleTemp(t);
  return r;
}
/** g * inner and g / inner, the inner result recycled. */
const gTimes = (g: PTensor, inner: PTensor): PTensor => after(binary("*", g, inner), inner);
const gOver = (g: PTensor, inner: PTensor): PTensor => after(binary("/", g, inner), inner);

export interface UnaryOp {
  f: (x: number) => number;
  /** float32's own steps, where they round more than once (rsqrt: the square root, then its reciprocal). */
  f32?: (x: number) => number;
  /** Integer / bool inputs keep an integer result (abs, sign...); otherwise they are promoted to float32. */
  keepsInt?: boolean;
  /** Computed by Engine.elementwise as ATen does (see setExactMath). */
  exact?: boolean;
  /** PyTorch's grad_fn name. */
  grad: string;
  /** The input's gradient from the output's gradient g (x: input, y: output). Absent: zero (floor, sign...). */
  d?: (g: PTensor, x: PTensor, y: PTensor) => PTensor;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const UNARY: Record<string, UnaryOp> = {
  exp: { f: Math.exp, exact: true, grad: "ExpBackward0", d: (g, _x, y) => binary("*", g, y) },
  log: { f: Math.log, exact: true, grad: "LogBackward0", d: (g, x) => binary("/", g, x) },
  log1p: { f: Math.log1p, exact: true, grad: "Log1PBackward0", d: (g, x) => gOver(g, binary("+", x, n(1))) },
  // float32: glibc's erff (the engine), float64: erf64; PyTorch's own erf is within an ulp (engine/README.md).
  // ErfBackward0: 2 / sqrt(pi) * exp(-(x.pow(2))) * grad.
  erf: { f: erf64, exact: true, grad: "ErfBackward0", d: (g, x) => binary("*", binary("*", fl(2 / Math.sqrt(Math.PI)), unary("exp", neg(binary("**", x, n(2))))), g) },
  // Sleef's lgamma (float32 and float64) and ATen's calc_digamma, bit for bit (special/); float32 functions take
  // their input rounded to float32 (an int64 promoted). LgammaBackward0: grad * digamma(x); DigammaBackward0:
  // grad * polygamma(1, x).
  lgamma: { f: lgamma, f32: (v) => lgammaf(Math.fround(v)), grad: "LgammaBackward0", d: (g, x) => binary("*", g, unary("digamma", x)) },
  digamma: { f: digamma, f32: (v) => digammaf(Math.fround(v)), grad: "DigammaBackward0", d: (g, x) => binary("*", g, polygamma(1, x)) },
  expm1: { f: Math.expm1, grad: "Expm1Backward0", d: (g, _x, y) => gTimes(g, binary("+", y, n(1))) },
  sqrt: { f: Math.sqrt, grad: "SqrtBackward0", d: (g, _x, y) => gOver(g, binary("*", y, n(2))) },
  // 1 / sqrt(x) rounded twice in the dtype, as ATen's kernel; backward -0.5 * grad * y^3.
  rsqrt: { f: (v) => 1 / Math.sqrt(v), f32: (v) => 1 / Math.fround(Math.sqrt(v)), grad: "RsqrtBackward0", d: (g, _x, y) => binary("*", binary("*", fl(-0.5), g), binary("**", y, n(3))) },
  // sigmoid_backward: grad * (1 - y) * y, left to right.
  sigmoid: { f: (v) => 1 / (1 + Math.exp(-v)), exact: true, grad: "SigmoidBackward0", d: (g, _x, y) => wasmSigmoidGrad(g, y) ?? binary("*", binary("*", g, binary("-", n(1), y)), y) },
  // tanh_backward: grad * (1 - y * y), the inner part one fused multiply-add in ATen's (contracted) kernel.
  tanh: { f: Math.tanh, grad: "TanhBackward0", d: (g, _x, y) => binary("*", g, map(y, y.dtype, y.dtype === "float32" ? (v) => fmaf(-v, v, 1) : (v) => fma(-v, v, 1))) },
  sin: { f: Math.sin, grad: "SinBackward0", d: (g, x) => binary("*", g, unary("cos", x)) },
  cos: { f: Math.cos, grad: "CosBackward0", d: (g, x) => binary("*", g, neg(unary("sin", x))) },
  sinh: { f: Math.sinh, grad: "SinhBackward0", d: (g, x) => binary("*", g, unary("cosh", x)) },
  cosh: { f: Math.cosh, grad: "CoshBackward0", d: (g, x) => binary("*", g, unary("sinh", x)) },
  log2: { f: Math.log2, grad: "Log2Backward0", d: (g, x) => binary("/", g, binary("*", x, fl(0.6931471805599453))) },
  log10: { f: Math.log10, grad: "Log10Backward0", d: (g, x) => binary("/", g, binary("*", x, fl(2.302585092994046))) },
  abs: { f: Math.abs, keepsInt: true, grad: "AbsBackward0", d: (g, x) => binary("*", g, unary("sign", x)) },
  sign: { f: (v) => (Number.isNaN(v) ? 0 : v > 0 ? 1 : v < 0 ? -1 : 0), keepsInt: true, grad: "SignBackward0" },
  // threshold_backward(grad, result, 0): result <= 0 ? 0 : grad (a +0, never grad * 0).
  relu: { f: (v) => (v > 0 ? v : 0), keepsInt: true, grad: "ReluBackward0", d: (g, _x, y) => map(g, g.dtype, (v, i) => (y.data[i!] > 0 ? v : 0)) },
  square: { f: (v) => v * v, keepsInt: true, grad: "PowBackward0", d: (g, x) => gTimes(g, binary("*", x, n(2))) },
  floor: { f: Math.floor, keepsInt: true, grad: "FloorBackward0" },
  ceil: { f: Math.ceil, keepsInt: true, grad: "CeilBackward0" },
  round: { f: roundHalfEven, keepsInt: true, grad: "RoundBackward0" },
  trunc: { f: Math.trunc, keepsInt: true, grad: "TruncBackward0" },
  reciprocal: { f: (v) => 1 / v, grad: "ReciprocalBackward0", d: (g, _x, y) => neg(binary("*", g, binary("*", y, y))) },
  // grad * -(1 - x²)^-1/2, grad * (1 - x²)^-1/2, grad / (x² + 1)
  acos: { f: Math.acos, grad: "AcosBackward0", d: (g, x) => binary("*", g, neg(unary("rsqrt", binary("+", binary("*", neg(x), x), n(1))))) },
  asin: { f: Math.asin, grad: "AsinBackward0", d: (g, x) => binary("*", g, unary("rsqrt", binary("+", binary("*", neg(x), x), n(1)))) },
  atan: { f: Math.atan, grad: "AtanBackward0", d: (g, x) => binary("/", g, binary("+", binary("*", x, x), n(1))) },
};
UNARY.arccos = UNARY.acos;
UNARY.arcsin = UNARY.asin;
UNARY.arctan = UNARY.atan;
UNARY.absolute = UNARY.abs;

export interface BinaryOp {
  f: (x: number, y: number) => number;
  /** A comparison: bool result, no gradient. */
  compare?: boolean;
  /** grad_fn name (A / B: the tensor operands, null for a Python number). Absent: not differentiable. */
  grad?: (A: PTensor | null, B: PTensor | null) => string;
  /**
   * Gradients of a and b (before summing over broadcast dims), null where none flows. `need` says which inputs
   * required grad when the op ran (PyTorch's should_compute_output): a gradient nobody takes is not computed.
   */
  d?: (g: PTensor, a: Operand, b: Operand, y: PTensor, A: PTensor | null, B: PTensor | null, need: Need) => [PTensor | null, PTensor | null];
  /** Which operands' values `d` reads, for the inputs that `need` gradients (the rest may be recycled). */
  reads?: (need: Need) => [boolean, boolean];
  /** An op of integers and bools only: ATen's kernel name, which its error on a floating dtype names. */
  integral?: string;
  /** An op whose CPU kernel has no bool case: its name, which the error on two bool operands names. */
  noBool?: string;
}

/** & | ^ on int64 (and bool 0 / 1) values: exact on every integer a double holds, as int64 arithmetic. */
function bitwise(f: (x: bigint, y: bigint) => bigint): (x: number, y: number) => number {
  return (x, y) => Number(BigInt.asIntN(64, f(BigInt(x), BigInt(y))));
}

/** Which of a binary op's two inputs take a gradient. */
export type Need = readonly [boolean, boolean];

function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** maximum / minimum: the gradient goes to the operand equal to the result. */
function extremeGrad(g: PTensor, a: Operand, y: PTensor, need: Need): [PTensor | null, PTensor | null] {
  const m = map(binary("==", y, a), g.dtype, (v) => v);
  return [need[0] ? binary("*", g, m) : null, need[1] ? binary("*", g, binary("-", n(1), m)) : null];
}

/** div_tensor_other_backward: -grad * ((self / other) / other), its inner results recycled. */
function divOtherGrad(g: PTensor, a: Operand, b: PTensor): PTensor {
  const ng = neg(g);
  const q = binary("/", a, b);
  const q2 = binary("/", q, b);
  return after(binary("*", ng, q2), ng, q, q2);
}

export const BINARY: Record<string, BinaryOp> = {
  "+": { f: (a, b) => a + b, grad: () => "AddBackward0", d: (g, _a, _b, _y, _A, _B, need) => [need[0] ? g : null, need[1] ? g : null], reads: () => [false, false] },
  "-": {
    f: (a, b) => a - b,
    grad: (A) => (A ? "SubBackward0" : "RsubBackward1"),
    d: (g, _a, _b, _y, _A, B, need) => [need[0] ? g : null, B && need[1] ? neg(g) : null],
    reads: () => [false, false],
  },
  "*": {
    f: (a, b) => a * b,
    grad: () => "MulBackward0",
    d: (g, a, b, _y, A, B, need) => [A && need[0] ? binary("*", g, b) : null, B && need[1] ? binary("*", g, a) : null],
    reads: (need) => [need[1], need[0]],
  },
  "/": {
    f: (a, b) => a / b,
    // number / tensor reaches here only for numpy and bool numbers (Tensor.__rdiv__ is reciprocal() * number).
    grad: (A) => (A ? "DivBackward0" : "MulBackward0"),
    d: (g, a, b, y, A, B, need) =>
      A
        ? // div_tensor_other_backward: -grad * ((self / other) / other)
          [need[0] ? binary("/", g, b) : null, B && need[1] ? divOtherGrad(g, a, b as PTensor) : null]
        : [null, need[1] ? neg(binary("/", binary("*", g, y), b)) : null],
  },
  "//": { f: (a, b) => Math.floor(a / b) },
  // remainder_backward: grad, and -grad * self.div(other, rounding_mode="floor") for a tensor divisor.
  "%": {
    f: pyMod,
    noBool: "remainder_cpu",
    grad: (_A, B) => (B ? "RemainderBackward1" : "RemainderBackward0"),
    d: (g, a, b, _y, _A, B, need) => [need[0] ? g : null, B && need[1] ? binary("*", neg(g), unary("floor", binary("/", a, b))) : null],
  },
  // fmod: C's fmod (the sign of the dividend); grad, and -grad * self.div(other, rounding_mode="trunc").
  fmod: {
    f: (a, b) => a % b,
    noBool: "fmod_cpu",
    grad: (_A, B) => (B ? "FmodBackward1" : "FmodBackward0"),
    d: (g, a, b, _y, _A, B, need) => [need[0] ? g : null, B && need[1] ? binary("*", neg(g), unary("trunc", binary("/", a, b))) : null],
  },
  // atan2: JS Math.atan2 rounded once (ATen: Sleef's atan2f8_u10, within an ulp). atan2_backward: with
  // recip = (self * self + other * other).reciprocal(), grad * other * recip and grad * -self * recip.
  atan2: {
    f: Math.atan2,
    grad: () => "Atan2Backward0",
    d: (g, a, b, _y, A, B, need) => {
      const recip = unary("reciprocal", binary("+", binary("*", a, a), binary("*", b, b)));
      return [A && need[0] ? binary("*", binary("*", g, b), recip) : null, B && need[1] ? binary("*", binary("*", g, isTensor(a) ? neg(a) : { ...a, value: -a.value }), recip) : null];
    },
  },
  "**": {
    f: (a, b) => Math.pow(a, b),
    noBool: "pow",
    grad: (_A, B) => (B ? "PowBackward1" : "PowBackward0"),
    d: (g, a, b, y, A, B, need) => {
      if (!B) {
        if (!need[0]) return [null, null];
        const p = (b as Scalar).value;
        // x ** (p - 1) is x itself for p = 2 (std::pow(x, 1) == x): no copy.
        if (p === 0) return [full(A!.shape, 0, A!.dtype), null];
        const xp = p === 2 ? A! : binary("**", A!, { value: p - 1, kind: p % 1 === 0 ? "int" : "float" });
        const scaled = binary("*", fl(p), xp);
        return [after(binary("*", g, scaled), scaled, ...(xp === A ? [] : [xp])), null];
      }
      return [
        A && need[0] ? binary("*", g, binary("*", b, binary("**", a, binary("-", b, n(1))))) : null,
        need[1] ? binary("*", g, binary("*", y, unary("log", isTensor(a) ? a : full([], a.value, y.dtype)))) : null,
      ];
    },
  },
  "&": { f: bitwise((x, y) => x & y), integral: "bitwise_and_cpu" },
  "|": { f: bitwise((x, y) => x | y), integral: "bitwise_or_cpu" },
  "^": { f: bitwise((x, y) => x ^ y), integral: "bitwise_xor_cpu" },
  "==": { f: (a, b) => (a === b ? 1 : 0), compare: true },
  "!=": { f: (a, b) => (a !== b ? 1 : 0), compare: true },
  "<": { f: (a, b) => (a < b ? 1 : 0), compare: true },
  "<=": { f: (a, b) => (a <= b ? 1 : 0), compare: true },
  ">": { f: (a, b) => (a > b ? 1 : 0), compare: true },
  ">=": { f: (a, b) => (a >= b ? 1 : 0), compare: true },
  max: { f: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), grad: () => "MaximumBackward0", d: (g, a, _b, y, _A, _B, need) => extremeGrad(g, a, y, need) },
  min: { f: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), grad: () => "MinimumBackward0", d: (g, a, _b, y, _A, _B, need) => extremeGrad(g, a, y, need) },
};
