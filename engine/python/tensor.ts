// A small dense tensor library with PyTorch's semantics for what the subset needs: dtypes and type
// promotion, broadcasting, elementwise math, reductions, softmax, views, indexing, and reverse-mode autograd
// (enough for loss.backward() then x.grad). float32 results are computed in double and rounded once, which
// is PyTorch's float32 result (to the last bit for + - * /); exp, log, log1p, sigmoid and softmax are bit-exact
// through the engine's ATen math (setExactMath), within an ulp without it.
import { evalTorch } from "./version";
import { VML } from "../api/types";
import { innerSum, outerSum } from "../api/atensum";
import { PyError } from "./errors";
import { softmaxBackward, softmaxForward } from "./atensoftmax";

export type TDtype = "float32" | "float64" | "int64" | "bool";
export type Storage = Float32Array | Float64Array;

export interface GradFn {
  /** PyTorch's node name, as print shows it: grad_fn=<MulBackward0>. */
  name: string;
  inputs: (PTensor | null)[];
  /** Gradients w.r.t. inputs, given the gradient w.r.t. the output. */
  backward(grad: PTensor): (PTensor | null)[];
}

export class PTensor {
  requiresGrad = false;
  grad: PTensor | null = null;
  gradFn: GradFn | null = null;
  /** A numpy ndarray (from .numpy() or np.array): printed as array([...]). */
  numpy = false;
  /** Made (directly or through ops) from a random constructor. */
  random = false;

  constructor(
    public dtype: TDtype,
    public shape: number[],
    public data: Storage,
  ) {}

  get numel(): number {
    return this.data.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get isFloat(): boolean {
    return this.dtype === "float32" || this.dtype === "float64";
  }
}

/** A Python number taking part in a tensor op ("wrapped number": it does not decide the dtype). */
export interface Scalar {
  value: number;
  kind: "int" | "float" | "bool";
}

export type Operand = PTensor | Scalar;

export function isTensor(x: unknown): x is PTensor {
  return x instanceof PTensor;
}

/** The evaluator's size budget (EvalOptions.maxElements), checked wherever a tensor is allocated. */
export const limits = { maxElements: 10_000_000 };

export function storage(dtype: TDtype, n: number): Storage {
  if (n > limits.maxElements) {
    throw new PyError(
      "LimitError",
      `a tensor of ${n} elements exceeds the evaluator's limit of ${limits.maxElements} elements (maxElements)`,
      undefined,
      true,
    );
  }
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
}

export function numelOf(shape: number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function stridesOf(shape: number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

export function fromArray(dtype: TDtype, shape: number[], values: ArrayLike<number>): PTensor {
  const data = storage(dtype, values.length);
  if (dtype === "int64") for (let i = 0; i < values.length; i++) data[i] = Math.trunc(values[i]);
  else if (dtype === "bool") for (let i = 0; i < values.length; i++) data[i] = values[i] ? 1 : 0;
  else data.set(values as ArrayLike<number>);
  return new PTensor(dtype, shape, data);
}

export function full(shape: number[], value: number, dtype: TDtype): PTensor {
  const t = new PTensor(dtype, shape, storage(dtype, numelOf(shape)));
  if (value !== 0) t.data.fill(dtype === "int64" ? Math.trunc(value) : dtype === "bool" ? (value ? 1 : 0) : value);
  return t;
}

export function scalarTensor(value: number, dtype: TDtype): PTensor {
  return fromArray(dtype, [], [value]);
}

export function dtypeName(d: TDtype): string {
  return d === "int64" ? "Long" : d === "float32" ? "Float" : d === "float64" ? "Double" : "Bool";
}

// ---------------------------------------------------------------- autograd

let gradEnabled = true;

export function withNoGrad<T>(f: () => T): T {
  const was = gradEnabled;
  gradEnabled = false;
  try {
    return f();
  } finally {
    gradEnabled = was;
  }
}

function track(out: PTensor, name: string, inputs: (PTensor | null)[], backward: (g: PTensor) => (PTensor | null)[]): PTensor {
  out.random = inputs.some((t) => t?.random === true);
  if (!gradEnabled || !inputs.some((t) => t?.requiresGrad)) return out;
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward };
  return out;
}

/** Marks a tensor as produced by a differentiable op (used by the loss bridge). */
export function attachGrad(out: PTensor, name: string, inputs: (PTensor | null)[], backward: (g: PTensor) => (PTensor | null)[]): PTensor {
  return track(out, name, inputs, backward);
}

/** loss.backward(): accumulates .grad into every leaf that requires it. */
export function backward(root: PTensor, gradient?: PTensor): void {
  for (const [leaf, g] of leafGrads(root, gradient)) {
    leaf.grad = withNoGrad(() => (leaf.grad ? binary("+", leaf.grad, g) : cast(g, leaf.dtype)));
  }
}

/** The gradient of root (of its sum, or with the given upstream gradient) w.r.t. every leaf requiring grad. */
export function leafGrads(root: PTensor, gradient?: PTensor, implicitSum = false): Map<PTensor, PTensor> {
  if (!root.requiresGrad) {
    throw new PyError("RuntimeError", "element 0 of tensors does not require grad and does not have a grad_fn");
  }
  if (!gradient) {
    if (root.numel !== 1 && !implicitSum) throw new PyError("RuntimeError", "grad can be implicitly created only for scalar outputs");
    gradient = full(root.shape, 1, root.dtype);
  }
  // Topological order over the graph (iterative: deep graphs must not overflow the stack).
  const order: PTensor[] = [];
  const seen = new Set<PTensor>();
  const stack: [PTensor, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    if (i === 0) {
      if (seen.has(t)) {
        stack.pop();
        continue;
      }
      seen.add(t);
    }
    const inputs = t.gradFn?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i];
      if (next && next.requiresGrad && !seen.has(next)) stack.push([next, 0]);
    } else {
      stack.pop();
      order.push(t);
    }
  }
  const grads = new Map<PTensor, PTensor>([[root, gradient]]);
  const leaves = new Map<PTensor, PTensor>();
  withNoGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = grads.get(t);
      if (!g) continue;
      if (!t.gradFn) {
        leaves.set(t, g);
        continue;
      }
      const gs = t.gradFn.backward(g);
      t.gradFn.inputs.forEach((inp, j) => {
        const gi = gs[j];
        if (!inp || !gi || !inp.requiresGrad) return;
        const prev = grads.get(inp);
        grads.set(inp, prev ? binary("+", prev, gi) : gi);
      });
    }
  });
  return leaves;
}

// ---------------------------------------------------------------- dtype promotion and casts

const CATEGORY: Record<TDtype, number> = { bool: 0, int64: 1, float32: 2, float64: 2 };
const WIDTH: Record<TDtype, number> = { bool: 0, int64: 1, float32: 2, float64: 3 };

function scalarDtype(s: Scalar): TDtype {
  return s.kind === "float" ? "float32" : s.kind === "int" ? "int64" : "bool";
}

/** torch.result_type for two operands: category first, then dimensioned tensors over 0-dim over Python numbers. */
export function resultType(a: Operand, b: Operand): TDtype {
  const ops = [a, b].map((o) =>
    isTensor(o) ? { dt: o.dtype, prio: o.ndim > 0 ? 2 : 1 } : { dt: scalarDtype(o), prio: 0 },
  );
  const cat = Math.max(...ops.map((o) => CATEGORY[o.dt]));
  const top = ops.filter((o) => CATEGORY[o.dt] === cat);
  const prio = Math.max(...top.map((o) => o.prio));
  let dt: TDtype = top.filter((o) => o.prio === prio).reduce((m, o) => (WIDTH[o.dt] > WIDTH[m] ? o.dt : m), top[0].dt);
  if (prio === 0 && cat === 2) dt = "float32";
  return dt;
}

export function cast(t: PTensor, dtype: TDtype): PTensor {
  if (t.dtype === dtype) return t;
  const out = storage(dtype, t.numel);
  const src = t.data;
  if (dtype === "int64") for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  else if (dtype === "bool") for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else out.set(src);
  const r = new PTensor(dtype, t.shape.slice(), out);
  r.numpy = t.numpy;
  r.random = t.random;
  return r;
}

/** .float() / .double() / .long() / .to(dtype): differentiable between float types. */
export function castOp(t: PTensor, dtype: TDtype): PTensor {
  if (t.dtype === dtype) return t;
  const out = cast(t, dtype);
  if (dtype === "int64" || dtype === "bool") return out;
  return track(out, "ToCopyBackward0", [t], (g) => [cast(g, t.dtype)]);
}

function toTensor(o: Operand, dtype: TDtype): PTensor {
  if (isTensor(o)) return o;
  return scalarTensor(o.value, dtype);
}

// ---------------------------------------------------------------- broadcasting

export function broadcastShapes(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const off = n - 1 - i;
    const sa = a.length - 1 - off >= 0 ? a[a.length - 1 - off] : 1;
    const sb = b.length - 1 - off >= 0 ? b[b.length - 1 - off] : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new PyError("RuntimeError", `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`);
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/** Strides of t over an output shape, 0 on broadcast dimensions. */
function broadcastStrides(shape: number[], out: number[]): number[] {
  const st = stridesOf(shape);
  const res = new Array<number>(out.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = out.length - shape.length + i;
    res[j] = shape[i] === 1 && out[j] !== 1 ? 0 : st[i];
  }
  return res;
}

/** Applies f elementwise over broadcast a and b into a new storage of dtype. */
function zipWith(a: PTensor, b: PTensor, shape: number[], dtype: TDtype, f: (x: number, y: number) => number): PTensor {
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
  return new PTensor(dtype, shape, out);
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Sums a gradient over the dimensions that were broadcast, back to shape. */
export function reduceTo(g: PTensor, shape: number[]): PTensor {
  if (sameShape(g.shape, shape)) return g;
  let t = g;
  const lead = t.ndim - shape.length;
  for (let i = 0; i < lead; i++) t = sumDim(t, 0, false);
  for (let i = 0; i < shape.length; i++) if (shape[i] === 1 && t.shape[i] !== 1) t = sumDim(t, i, true);
  return reshape(t, shape);
}

// ---------------------------------------------------------------- elementwise arithmetic

function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

const BIN: Record<string, (x: number, y: number) => number> = {
  "+": (x, y) => x + y,
  "-": (x, y) => x - y,
  "*": (x, y) => x * y,
  "/": (x, y) => x / y,
  "//": (x, y) => Math.floor(x / y),
  "%": pyMod,
  "**": (x, y) => Math.pow(x, y),
  "==": (x, y) => (x === y ? 1 : 0),
  "!=": (x, y) => (x !== y ? 1 : 0),
  "<": (x, y) => (x < y ? 1 : 0),
  "<=": (x, y) => (x <= y ? 1 : 0),
  ">": (x, y) => (x > y ? 1 : 0),
  ">=": (x, y) => (x >= y ? 1 : 0),
  max: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  min: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
};

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

/** a op b with broadcasting, PyTorch's type promotion and autograd. */
export function binary(op: string, a: Operand, b: Operand): PTensor {
  // number / tensor is Tensor.__rdiv__: self.reciprocal() * other (two roundings; numpy divides once).
  if (op === "/" && !isTensor(a) && isTensor(b) && !b.numpy && a.kind !== "bool") return binary("*", unary("reciprocal", b), a);
  let dtype = resultType(a, b);
  const compare = op === "==" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=";
  if (op === "/" && (dtype === "int64" || dtype === "bool")) dtype = "float32";
  if (op === "-" && dtype === "bool") {
    throw new PyError("RuntimeError", "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  }
  const ta = cast(toTensor(a, dtype), dtype);
  const tb = cast(toTensor(b, dtype), dtype);
  const shape = broadcastShapes(ta.shape, tb.shape);
  if (dtype === "int64" && (op === "//" || op === "%") && tb.data.some((v) => v === 0)) {
    throw new PyError("RuntimeError", "ZeroDivisionError");
  }
  if (dtype === "int64" && op === "**" && tb.data.some((v) => v < 0)) {
    throw new PyError("RuntimeError", "Integers to negative integer powers are not allowed.");
  }
  const f = op === "**" && !isTensor(b) && (dtype === "float32" || dtype === "float64") ? powScalar(b.value, dtype) : BIN[op];
  let out = zipWith(ta, tb, shape, compare ? "bool" : dtype, f);
  if (compare) out = cast(out, "bool");
  out.numpy = (isTensor(a) && a.numpy) || (isTensor(b) && b.numpy);
  const A = isTensor(a) ? a : null;
  const B = isTensor(b) ? b : null;
  if (compare || !out.isFloat) return track(out, "", [], () => []);
  const ga = (g: PTensor) => (A ? cast(reduceTo(g, A.shape), A.dtype) : null);
  const gb = (g: PTensor) => (B ? cast(reduceTo(g, B.shape), B.dtype) : null);
  switch (op) {
    case "+":
      return track(out, "AddBackward0", [A, B], (g) => [ga(g), gb(g)]);
    case "-":
      return track(out, A ? "SubBackward0" : "RsubBackward1", [A, B], (g) => [ga(g), B ? gb(neg(g)) : null]);
    case "*":
      return track(out, "MulBackward0", [A, B], (g) => [A ? ga(binary("*", g, b)) : null, B ? gb(binary("*", g, a)) : null]);
    case "/":
      if (!A) return track(out, "MulBackward0", [A, B], (g) => [null, gb(neg(binary("/", binary("*", g, out), b)))]);
      return track(out, "DivBackward0", [A, B], (g) => [
        ga(binary("/", g, b)),
        B ? gb(neg(binary("/", binary("*", g, a), binary("*", b, b)))) : null,
      ]);
    case "**":
      if (!B) {
        const p = (b as Scalar).value;
        return track(out, "PowBackward0", [A, null], (g) => [
          p === 0 ? full(A!.shape, 0, A!.dtype) : ga(binary("*", g, binary("*", { value: p, kind: "float" }, binary("**", A!, { value: p - 1, kind: p % 1 === 0 ? "int" : "float" })))),
          null,
        ]);
      }
      return track(out, "PowBackward1", [A, B], (g) => [
        A ? ga(binary("*", g, binary("*", b, binary("**", a, binary("-", b, { value: 1, kind: "int" }))))) : null,
        gb(binary("*", g, binary("*", out, unary("log", toTensor(a, dtype))))),
      ]);
    case "max":
    case "min":
      return track(out, op === "max" ? "MaximumBackward0" : "MinimumBackward0", [A, B], (g) => {
        const pick = binary("==", out, toTensor(a, dtype));
        const m = cast(pick, g.dtype);
        return [ga(binary("*", g, m)), gb(binary("*", g, binary("-", { value: 1, kind: "int" }, m)))];
      });
    default:
      return track(out, "", [], () => []);
  }
}

export function neg(t: PTensor): PTensor {
  if (t.dtype === "bool") throw new PyError("RuntimeError", "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  const out = map(t, t.dtype, (x) => -x);
  return track(out, "NegBackward0", [t], (g) => [neg(g)]);
}

function map(t: PTensor, dtype: TDtype, f: (x: number) => number): PTensor {
  const out = storage(dtype, t.numel);
  const d = t.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]);
  const r = new PTensor(dtype, t.shape.slice(), out);
  r.numpy = t.numpy;
  return r;
}

/** The element-wise functions the engine computes as ATen does (Engine.elementwise). */
export type ExactOp = "exp" | "log" | "log1p" | "sigmoid";
/** op over data, its first `vector` elements on ATen's vector path (Sleef), the rest on the scalar one (glibc). */
export type ExactMath = (op: ExactOp, data: Storage, vector?: number) => Storage;
let exactMath: ExactMath | null = null;

/**
 * Installs ATen's element-wise math (the Interpreter passes its engine's Engine.elementwise); null restores the
 * float64 Math.* fallback (within an ulp of PyTorch).
 */
export function setExactMath(f: ExactMath | null): void {
  exactMath = f;
}

/** op over a float32 / float64 storage as torch.<op> computes it (exact with the engine, else Math.* rounded). */
function mathOf(op: ExactOp, data: Storage, vector?: number): Storage {
  if (exactMath) return exactMath(op, data, vector);
  const f = UNARY[op];
  const out = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i]);
  return out;
}

const EXACT_OPS = new Set<string>(["exp", "log", "log1p", "sigmoid"]);

const UNARY: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  abs: Math.abs,
  sign: (x) => (Number.isNaN(x) ? 0 : x > 0 ? 1 : x < 0 ? -1 : 0),
  relu: (x) => (x > 0 ? x : 0),
  square: (x) => x * x,
  floor: Math.floor,
  ceil: Math.ceil,
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  sin: Math.sin,
  cos: Math.cos,
  log2: Math.log2,
  log10: Math.log10,
  reciprocal: (x) => 1 / x,
};

export const UNARY_OPS = Object.keys(UNARY);

/**
 * exp log sigmoid abs sign ... with their autograd. Integer inputs are promoted to float32 where PyTorch does.
 * numpyMath: numpy's ufunc (np.exp...), which is not ATen's: float64 Math.* rounded once.
 */
export function unary(op: string, t: PTensor, numpyMath = t.numpy): PTensor {
  const f = UNARY[op];
  const keepsInt = op === "abs" || op === "sign" || op === "relu" || op === "square" || op === "floor" || op === "ceil" || op === "round";
  const dtype: TDtype = t.isFloat || keepsInt ? (t.dtype === "bool" && op !== "abs" ? "int64" : t.dtype) : "float32";
  if (op === "sign" && t.dtype === "bool") return t;
  let out: PTensor;
  if (EXACT_OPS.has(op) && !numpyMath && (dtype === "float32" || dtype === "float64")) {
    // torch.exp & co. on a tensor: ATen's vml ops (the version decides whose library: VML).
    out = new PTensor(dtype, t.shape.slice(), mathOf(op as ExactOp, cast(t, dtype).data, op === "sigmoid" ? undefined : VML));
    out.numpy = t.numpy;
  } else out = map(t, dtype, f);
  if (!out.isFloat) return out;
  switch (op) {
    case "exp":
      return track(out, "ExpBackward0", [t], (g) => [binary("*", g, out)]);
    case "log":
      return track(out, "LogBackward0", [t], (g) => [binary("/", g, t)]);
    case "log1p":
      return track(out, "Log1PBackward0", [t], (g) => [binary("/", g, binary("+", t, { value: 1, kind: "int" }))]);
    case "sqrt":
      return track(out, "SqrtBackward0", [t], (g) => [binary("/", g, binary("*", out, { value: 2, kind: "int" }))]);
    case "sigmoid":
      // sigmoid_backward: grad * (1 - y) * y, left to right.
      return track(out, "SigmoidBackward0", [t], (g) => [binary("*", binary("*", g, binary("-", { value: 1, kind: "int" }, out)), out)]);
    case "tanh":
      return track(out, "TanhBackward0", [t], (g) => [binary("*", g, binary("-", { value: 1, kind: "int" }, binary("*", out, out)))]);
    case "abs":
      return track(out, "AbsBackward0", [t], (g) => [binary("*", g, unary("sign", t))]);
    case "sign":
      return track(out, "SignBackward0", [t], (g) => [full(g.shape, 0, g.dtype)]);
    case "relu":
      return track(out, "ReluBackward0", [t], (g) => [binary("*", g, cast(binary(">", out, { value: 0, kind: "int" }), g.dtype))]);
    case "square":
      return track(out, "PowBackward0", [t], (g) => [binary("*", g, binary("*", t, { value: 2, kind: "int" }))]);
    case "reciprocal":
      return track(out, "ReciprocalBackward0", [t], (g) => [neg(binary("*", g, binary("*", out, out)))]);
    default:
      return track(out, `${op[0].toUpperCase()}${op.slice(1)}Backward0`, [t], (g) => [full(g.shape, 0, g.dtype)]);
  }
}

/** clamp(min, max): ClampBackward1. */
export function clamp(t: PTensor, lo: number | null, hi: number | null): PTensor {
  const out = map(t, t.dtype, (x) => (Number.isNaN(x) ? x : Math.min(hi ?? Infinity, Math.max(lo ?? -Infinity, x))));
  return track(out, lo !== null && hi === null ? "ClampMinBackward0" : "ClampBackward1", [t], (g) => [
    binary("*", g, map(t, g.dtype, (x) => ((lo === null || x >= lo) && (hi === null || x <= hi) ? 1 : 0))),
  ]);
}

// ---------------------------------------------------------------- reductions

export function normDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new PyError("IndexError", `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

function splitAt(shape: number[], d: number): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= shape[i];
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, size: shape[d] ?? 1, inner };
}

/** Sum over one dimension (no autograd; used by reduceTo and the ops below), in ATen's order for floats. */
function sumDim(t: PTensor, d: number, keepdim: boolean): PTensor {
  const { outer, size, inner } = splitAt(t.shape, d);
  const shape = t.shape.slice();
  if (keepdim) shape[d] = 1;
  else shape.splice(d, 1);
  const dtype = t.dtype === "bool" ? "int64" : t.dtype;
  const out = storage(dtype, outer * inner);
  const src = t.data;
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    if (dtype !== "float32" && dtype !== "float64") {
      for (let i = 0; i < inner; i++) {
        let s = 0;
        for (let k = 0; k < size; k++) s += src[base + k * inner + i];
        out[o * inner + i] = s;
      }
    } else if (inner === 1) {
      out[o] = innerSum(size, (k) => src[base + k], dtype);
    } else {
      outerSum(size, inner, (k, i) => src[base + k * inner + i], (i, s) => (out[o * inner + i] = s), dtype);
    }
  }
  return new PTensor(dtype, shape, out);
}

/** Expands g (the reduced shape) back over dimension d of shape. */
function expandDim(g: PTensor, shape: number[], d: number | null): PTensor {
  if (d === null) return binary("*", full(shape, 1, g.dtype), reshape(g, []));
  const kept = shape.slice();
  kept[d] = 1;
  return binary("*", full(shape, 1, g.dtype), reshape(g, kept));
}

export function sum(t: PTensor, dim: number | null, keepdim = false): PTensor {
  if (dim === null) {
    const dtype = t.dtype === "bool" ? "int64" : t.dtype;
    const d = t.data;
    let s = 0;
    if (dtype === "float32" || dtype === "float64") s = innerSum(d.length, (i) => d[i], dtype);
    else for (let i = 0; i < d.length; i++) s += d[i];
    const out = scalarTensor(s, dtype);
    out.numpy = t.numpy;
    if (keepdim) out.shape = t.shape.map(() => 1);
    return track(out, "SumBackward0", [t], (g) => [expandDim(g, t.shape, null)]);
  }
  const d = normDim(dim, t.ndim);
  if (t.ndim === 0) return track(cast(t, t.dtype === "bool" ? "int64" : t.dtype), "SumBackward1", [t], (g) => [g]);
  const out = sumDim(t, d, keepdim);
  return track(out, "SumBackward1", [t], (g) => [expandDim(g, t.shape, d)]);
}

export function mean(t: PTensor, dim: number | null, keepdim = false): PTensor {
  if (!t.isFloat) {
    throw new PyError("RuntimeError", `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${dtypeName(t.dtype)}`);
  }
  if (dim === null) {
    const s = withNoGrad(() => sum(t, null, keepdim));
    const out = map(s, t.dtype, (x) => x / t.numel);
    return track(out, "MeanBackward0", [t], (g) => [binary("/", expandDim(g, t.shape, null), { value: t.numel, kind: "int" })]);
  }
  const d = normDim(dim, t.ndim);
  const n = t.shape[d] ?? 1;
  const s = t.ndim === 0 ? t : sumDim(t, d, keepdim);
  const out = map(s, t.dtype, (x) => x / n);
  return track(out, "MeanBackward1", [t], (g) => [binary("/", t.ndim === 0 ? g : expandDim(g, t.shape, d), { value: n, kind: "int" })]);
}

/** max()/min() over all elements. */
export function extreme(t: PTensor, which: "max" | "min"): PTensor {
  if (t.numel === 0) {
    throw new PyError("RuntimeError", `${which}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  let best = t.data[0];
  let at = 0;
  for (let i = 0; i < t.numel; i++) {
    const v = t.data[i];
    if (Number.isNaN(v)) {
      best = v;
      at = i;
      break;
    }
    if (which === "max" ? v > best : v < best) {
      best = v;
      at = i;
    }
  }
  const out = scalarTensor(best, t.dtype);
  return track(out, which === "max" ? "MaxBackward1" : "MinBackward1", [t], (g) => {
    const r = full(t.shape, 0, g.dtype);
    r.data[at] = g.data[0];
    return [r];
  });
}

export function argExtreme(t: PTensor, which: "max" | "min"): PTensor {
  let at = 0;
  for (let i = 1; i < t.numel; i++) if (which === "max" ? t.data[i] > t.data[at] : t.data[i] < t.data[at]) at = i;
  return scalarTensor(at, "int64");
}

// ---------------------------------------------------------------- softmax family

export function softmax(t: PTensor, dim: number, log: boolean): PTensor {
  const src = t.isFloat ? t : cast(t, "float32");
  const d = normDim(dim, t.ndim);
  const { outer, size, inner } = splitAt(t.shape, d);
  const r = new PTensor(src.dtype, t.shape.slice(), softmaxForward(src.data, outer, size, inner, log, mathOf));
  return track(r, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [t], (g) => [
    new PTensor(r.dtype, r.shape.slice(), softmaxBackward(cast(g, r.dtype).data, r.data, outer, size, inner, log, mathOf, evalTorch().softmaxBackwardFused)),
  ]);
}

/** PyTorch's choice of dim when softmax is called without one (with a deprecation warning). */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

// ---------------------------------------------------------------- shape ops

export function inferShape(shape: number[], numel: number, fnName = "view"): number[] {
  const infer = shape.indexOf(-1);
  if (shape.filter((s) => s === -1).length > 1) throw new PyError("RuntimeError", "only one dimension can be inferred");
  for (const s of shape) if (s < -1) throw new PyError("RuntimeError", `invalid shape dimension ${s}`);
  const known = shape.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new PyError("RuntimeError", `shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new PyError("RuntimeError", `shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
  }
  void fnName;
  return out;
}

/** view / reshape / flatten: the result shares the storage, as PyTorch's views do. */
export function reshape(t: PTensor, shape: number[], name = "ViewBackward0"): PTensor {
  const s = inferShape(shape, t.numel);
  const out = new PTensor(t.dtype, s, t.data);
  out.numpy = t.numpy;
  return track(out, name, [t], (g) => [reshape(g, t.shape)]);
}

export function transpose(t: PTensor, d0: number, d1: number, name = "TransposeBackward0"): PTensor {
  const a = normDim(d0, t.ndim);
  const b = normDim(d1, t.ndim);
  if (t.ndim < 2 || a === b) return track(new PTensor(t.dtype, t.shape.slice(), t.data), name, [t], (g) => [g]);
  const shape = t.shape.slice();
  [shape[a], shape[b]] = [shape[b], shape[a]];
  const perm = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  const out = permuteData(t, perm, shape);
  return track(out, name, [t], (g) => [transpose(g, a, b)]);
}

function permuteData(t: PTensor, perm: number[], shape: number[]): PTensor {
  const st = stridesOf(t.shape);
  const srcStrides = perm.map((p) => st[p]);
  const n = t.numel;
  const out = storage(t.dtype, n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = t.data[off];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += srcStrides[d];
      if (idx[d] < shape[d]) break;
      off -= srcStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
  const r = new PTensor(t.dtype, shape, out);
  r.numpy = t.numpy;
  return r;
}

export function t2d(t: PTensor): PTensor {
  if (t.ndim > 2) throw new PyError("RuntimeError", `t() expects a tensor with <= 2 dimensions, but self is ${t.ndim}D`);
  return transpose(t, 0, t.ndim - 1, "TBackward0");
}

export function unsqueeze(t: PTensor, dim: number): PTensor {
  const d = normDim(dim, t.ndim + 1);
  const shape = t.shape.slice();
  shape.splice(d, 0, 1);
  const out = new PTensor(t.dtype, shape, t.data);
  return track(out, "UnsqueezeBackward0", [t], (g) => [reshape(g, t.shape)]);
}

export function squeeze(t: PTensor, dim: number | null): PTensor {
  let shape: number[];
  if (dim === null) shape = t.shape.filter((s) => s !== 1);
  else {
    const d = normDim(dim, t.ndim);
    shape = t.shape.slice();
    if (shape[d] === 1) shape.splice(d, 1);
  }
  const out = new PTensor(t.dtype, shape, t.data);
  return track(out, dim === null ? "SqueezeBackward0" : "SqueezeBackward1", [t], (g) => [reshape(g, t.shape)]);
}

export function detach(t: PTensor): PTensor {
  const out = new PTensor(t.dtype, t.shape.slice(), t.data);
  out.random = t.random;
  out.numpy = t.numpy;
  return out;
}

export function clone(t: PTensor): PTensor {
  const out = new PTensor(t.dtype, t.shape.slice(), t.data.slice());
  out.numpy = t.numpy;
  return track(out, "CloneBackward0", [t], (g) => [g]);
}

// ---------------------------------------------------------------- linear algebra (small)

export function matmul(a: PTensor, b: PTensor): PTensor {
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw new PyError("RuntimeError", `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    }
    const dtype = resultType(a, b);
    // float32 accumulates in float32, as PyTorch's CPU dot does.
    const r = dtype === "float32" ? Math.fround : (x: number) => x;
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
  const r = t.dtype === "float32" ? Math.fround : (x: number) => x;
  let s = 0;
  for (let i = 0; i < t.numel; i++) s = r(s + r(p === 2 ? t.data[i] * t.data[i] : Math.pow(Math.abs(t.data[i]), p)));
  const v = r(p === 2 ? Math.sqrt(s) : Math.pow(s, 1 / p));
  const out = scalarTensor(v, t.isFloat ? t.dtype : "float32");
  return track(out, "NormBackward1", [t], (g) =>
    p === 2 ? [binary("*", g, binary("/", t, out))] : [binary("*", g, map(t, t.dtype, (x) => Math.sign(x) * Math.pow(Math.abs(x), p - 1) / Math.pow(v, p - 1)))],
  );
}

export function concat(ts: PTensor[], dim: number, stack: boolean): PTensor {
  if (!ts.length) throw new PyError("RuntimeError", `${stack ? "stack" : "torch.cat"}(): expected a non-empty list of Tensors`);
  const parts = stack ? ts.map((t) => withNoGrad(() => unsqueeze(t, dim))) : ts;
  const d = normDim(dim, parts[0].ndim);
  const dtype = parts.reduce<TDtype>((m, t) => (WIDTH[t.dtype] > WIDTH[m] ? t.dtype : m), parts[0].dtype);
  const cparts = parts.map((t) => cast(t, dtype));
  const shape = parts[0].shape.slice();
  shape[d] = 0;
  for (const t of parts) {
    if (t.ndim !== shape.length || t.shape.some((s, i) => i !== d && s !== shape[i])) {
      throw new PyError("RuntimeError", stack ? "stack expects each tensor to be equal size" : `Sizes of tensors must match except in dimension ${d}`);
    }
    shape[d] += t.shape[d];
  }
  const { outer, inner } = splitAt(shape, d);
  const out = storage(dtype, numelOf(shape));
  let offset = 0;
  for (const t of cparts) {
    const w = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) for (let i = 0; i < w; i++) out[o * shape[d] * inner + offset + i] = t.data[o * w + i];
    offset += w;
  }
  return new PTensor(dtype, shape, out);
}

// ---------------------------------------------------------------- indexing

export type IndexItem = { k: "int"; v: number } | { k: "slice"; start: number | null; stop: number | null; step: number | null } | { k: "none" } | { k: "ellipsis" } | { k: "tensor"; t: PTensor };

interface Plan {
  /** Output shape and, per output dim, the input stride it walks. */
  shape: number[];
  strides: number[];
  offset: number;
  name: string;
  /** Advanced (integer-array) indexing on one input dim. */
  gather?: { outDim: number; stride: number; indices: number[] };
}

function sliceBounds(len: number, start: number | null, stop: number | null, step: number | null): [number, number, number] {
  const st = step ?? 1;
  if (st <= 0) throw new PyError("ValueError", "step must be greater than zero");
  const norm = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) v += len;
    return Math.min(Math.max(v, 0), len);
  };
  const a = norm(start, 0);
  const b = Math.max(norm(stop, len), a);
  return [a, Math.ceil((b - a) / st), st];
}

function plan(t: PTensor, items: IndexItem[]): Plan {
  const consumed = items.filter((i) => i.k === "int" || i.k === "slice" || i.k === "tensor").length;
  if (consumed > t.ndim) {
    throw new PyError("IndexError", `too many indices for tensor of dimension ${t.ndim}`);
  }
  const ell = items.findIndex((i) => i.k === "ellipsis");
  const expanded: IndexItem[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i === ell) for (let j = 0; j < t.ndim - consumed; j++) expanded.push({ k: "slice", start: null, stop: null, step: null });
    else if (items[i].k !== "ellipsis") expanded.push(items[i]);
  }
  const st = stridesOf(t.shape);
  const p: Plan = { shape: [], strides: [], offset: 0, name: "AliasBackward0" };
  let dim = 0;
  for (const it of expanded) {
    if (it.k === "none") {
      p.shape.push(1);
      p.strides.push(0);
      p.name = "UnsqueezeBackward0";
    } else if (it.k === "int") {
      const len = t.shape[dim];
      let v = it.v;
      if (v < -len || v >= len) throw new PyError("IndexError", `index ${it.v} is out of bounds for dimension ${dim} with size ${len}`);
      if (v < 0) v += len;
      p.offset += v * st[dim];
      p.name = "SelectBackward0";
      dim++;
    } else if (it.k === "slice") {
      const [a, n, step] = sliceBounds(t.shape[dim], it.start, it.stop, it.step);
      p.offset += a * st[dim];
      p.shape.push(n);
      p.strides.push(step * st[dim]);
      if (!(it.start === null && it.stop === null && it.step === null)) p.name = "SliceBackward0";
      dim++;
    } else if (it.k === "tensor") {
      if (p.gather) throw new PyError("IndexError", "indexing with more than one index tensor is not supported by the evaluator");
      const len = t.shape[dim];
      const idx = Array.from(it.t.data, (v) => {
        if (it.t.dtype === "bool") return v;
        if (v < -len || v >= len) throw new PyError("IndexError", `index ${v} is out of bounds for dimension ${dim} with size ${len}`);
        return v < 0 ? v + len : v;
      });
      if (it.t.dtype === "bool") {
        if (it.t.ndim !== 1 || it.t.numel !== len) throw new PyError("IndexError", "boolean mask indexing is only supported on one dimension by the evaluator");
        const picked = idx.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
        p.gather = { outDim: p.shape.length, stride: st[dim], indices: picked };
      } else {
        if (it.t.ndim > 1) throw new PyError("IndexError", "multi-dimensional index tensors are not supported by the evaluator");
        p.gather = { outDim: p.shape.length, stride: st[dim], indices: idx };
      }
      p.shape.push(p.gather.indices.length);
      p.strides.push(0);
      p.name = "IndexBackward0";
      dim++;
    }
  }
  for (; dim < t.ndim; dim++) {
    p.shape.push(t.shape[dim]);
    p.strides.push(st[dim]);
  }
  return p;
}

/** Visits the flat input offset of every output element, in row-major order. */
function walk(p: Plan, visit: (outIndex: number, inOffset: number) => void): void {
  const n = numelOf(p.shape);
  const nd = p.shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let off = p.offset;
    for (let d = 0; d < nd; d++) {
      off += idx[d] * p.strides[d];
      if (p.gather && d === p.gather.outDim) off += p.gather.indices[idx[d]] * p.gather.stride;
    }
    visit(i, off);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < p.shape[d]) break;
      idx[d] = 0;
    }
  }
}

export function getIndex(t: PTensor, items: IndexItem[]): PTensor {
  if (t.ndim === 0 && items.some((i) => i.k === "int")) {
    throw new PyError("IndexError", "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  }
  const p = plan(t, items);
  const out = storage(t.dtype, numelOf(p.shape));
  walk(p, (i, off) => {
    out[i] = t.data[off];
  });
  const r = new PTensor(t.dtype, p.shape, out);
  r.numpy = t.numpy;
  return track(r, p.name, [t], (g) => {
    const gi = full(t.shape, 0, g.dtype);
    walk(p, (i, off) => {
      gi.data[off] += g.data[i];
    });
    return [gi];
  });
}

export function setIndex(t: PTensor, items: IndexItem[], value: Operand): void {
  const p = plan(t, items);
  const v = cast(toTensor(value, t.dtype), t.dtype);
  const src = broadcastTo(v, p.shape);
  walk(p, (i, off) => {
    t.data[off] = src.data[i];
  });
}

export function broadcastTo(t: PTensor, shape: number[]): PTensor {
  if (sameShape(t.shape, shape)) return t;
  const out = broadcastShapes(t.shape, shape);
  if (!sameShape(out, shape)) {
    throw new PyError("RuntimeError", `The expanded size of the tensor (${shape[shape.length - 1]}) must match the existing size (${t.shape[t.shape.length - 1]}) at non-singleton dimension ${shape.length - 1}.  Target sizes: [${shape.join(", ")}].  Tensor sizes: [${t.shape.join(", ")}]`);
  }
  return zipWith(t, full([], 0, t.dtype), shape, t.dtype, (x) => x);
}
