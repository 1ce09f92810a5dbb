// Tensor methods and attributes (x.sum(), x.grad, x.shape...).
import { evalTorch, versionedError } from "../version";
import { PyError, Unsupported, type Span } from "../errors";
import { torchBehaviour } from "../../api/versions";
import { formatGeneral } from "../numfmt";
import { fillNormal, fillUniform } from "../random";
import * as T from "../tensor";
import { isTensor, PTensor, type TDtype } from "../tensor";
import { hasOwn, bool, float, int, NONE, type Args, type Value } from "../values";
import { boolArg, checkDevice, dtypeOf, fillNumber, isNone, kw, listItems, operand, requiresGrad, shapeOf, tensorArg, tensorFrom, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";
import { addc } from "./moreops";
import { npReduce } from "./numpy";
import { withNumpyAliases } from "./numpyargs";
import { RANDOM_METHODS, randomIntInto } from "./randomops";
import { SHARED } from "./shared";
import { addCall, clampCall, mmCall, clampSide, flattenCall, logsumexpCall, polygammaCall, reduceCall, scatterCall, softmaxCall, UNARY_NAMES } from "./torch";

export function tensorAttr(t: PTensor, name: string, ctx: Ctx, span: Span): Value | undefined {
  switch (name) {
    case "shape":
      return { t: "tuple", items: t.shape.map(int), size: !t.numpy };
    case "dtype":
      return t.numpy ? { t: "str", v: t.dtype } : { t: "dtype", dtype: t.dtype, np: false };
    case "grad":
      return T.gradOf(t) ?? NONE;
    case "requires_grad":
      return bool(t.requiresGrad);
    case "is_leaf":
      return bool(t.gradFn === null);
    case "grad_fn":
      return t.gradFn ? { t: "node", name: t.gradFn.name, key: t.gradFn, inputs: t.gradFn.inputs } : NONE;
    case "T":
      return numpyT(t, ctx, span);
    case "mT":
      if (t.ndim < 2) throw new PyError("RuntimeError", `tensor.mT is only supported on matrices or batches of matrices. Got ${t.ndim}-D tensor.`);
      return T.transpose(t, -2, -1);
    case "data":
      return T.detach(t);
    case "ndim":
      return int(t.ndim);
    case "size":
      if (t.numpy) return int(t.numel);
      break;
    case "device":
      return { t: "opaque", what: "device(type='cpu')" };
    // A CPU build's tensors: not on CUDA, get_device() -1.
    case "is_cuda":
      return bool(false);
  }
  const M = methodTable();
  if (hasOwn(M, name)) {
    // Bound here, per access: a method value is only made when the program reads one.
    const method = M[name];
    return withNumpyAliases(name, { t: "builtin", name: `Tensor.${name}`, fn: (a) => method(t, a, ctx), self: t });
  }
  return undefined;
}

/** Tensor.T: the dimensions reversed (ATen's numpy_T: a permute, PermuteBackward0 on a matrix too), with its
 *  deprecation warnings (TORCH_WARN_ONCE). */
function numpyT(t: PTensor, ctx: Ctx, span: Span): PTensor {
  if (t.ndim === 0) {
    if (torchBehaviour(ctx.engine.pytorch).warnTOn0d) {
      ctx.warnOnce("UserWarning: Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.", span);
    }
  } else if (t.ndim !== 2 && !t.numpy) {
    ctx.warnOnce(
      "UserWarning: The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
      span,
    );
  }
  return T.permute(t, t.shape.map((_, i) => t.ndim - 1 - i));
}

/**
 * Tensor.resize_: the same tensor, its storage read in memory order as the new (contiguous) shape (other sizes than
 * its own). Shrinking keeps the
 * first elements; growing would expose uninitialised memory, which is refused, as is a view whose memory has gaps.
 */
function resize(t: PTensor, shape: number[]): PTensor {
  if (t.requiresGrad) throw new PyError("RuntimeError", "cannot resize variables that require grad");
  // The same sizes: nothing changes, strides included (ATen's resize_ returns at once).
  if (T.sameShape(shape, t.shape)) return t;
  const n = T.numelOf(shape);
  if (n > t.numel) throw new Unsupported("Tensor.resize_ to more elements (uninitialised memory)");
  let mem = t.data;
  if (t.strides) {
    // Memory order of a permuted view: each element at its offset, which must cover [0, numel) once.
    mem = T.storage(t.dtype, t.numel, true);
    const seen = new Uint8Array(t.numel);
    const st = t.strides;
    const idx = new Array<number>(t.ndim).fill(0);
    for (let i = 0; i < t.numel; i++) {
      const off = idx.reduce((acc, v, k) => acc + v * st[k], 0);
      if (off >= t.numel || seen[off]) throw new Unsupported("Tensor.resize_ of a view with gaps or repeats in memory");
      seen[off] = 1;
      mem[off] = t.data[i];
      for (let k = t.ndim - 1; k >= 0 && ++idx[k] === t.shape[k]; k--) idx[k] = 0;
    }
  }
  t.data = n === mem.length ? mem : mem.slice(0, n);
  t.shape = shape;
  t.strides = null;
  return t;
}

/** A tensor method's body: the tensor, the call's arguments, the interpreter. */
type Method = (t: PTensor, a: Args, ctx: Ctx) => Value;

let table: Record<string, Method> | null = null;

/** Every tensor method, built once, on first use (its entries come from modules that import this one). */
function methodTable(): Record<string, Method> {
  return (table ??= buildMethods());
}

function buildMethods(): Record<string, Method> {
  const cast = (dt: TDtype): Method => (t) => T.castOp(t, dt);
  const m: Record<string, Method> = {
    float: cast("float32"),
    double: cast("float64"),
    long: cast("int64"),
    int: cast("int32"),
    short: cast("int16"),
    char: cast("int8"),
    byte: cast("uint8"),
    bool: cast("bool"),
    astype: (t, a) => T.cast(t, dtypeOf(a.pos[0]) ?? t.dtype),
    to: (t, a) => {
      for (const v of [...a.pos, ...(a.kw.get("device") ? [a.kw.get("device")!] : [])]) checkDevice(v);
      const other = a.pos.find((v) => isTensor(v));
      const dt = other && isTensor(other) ? other.dtype : dtypeOf(a.kw.get("dtype") ?? a.pos.find((v) => !isTensor(v) && v.t === "dtype"), true);
      return dt ? T.castOp(t, dt) : t;
    },
    cuda: () => {
      throw new PyError("AssertionError", "Torch not compiled with CUDA enabled");
    },
    type: (t, a) => {
      if (!a.pos.length) return { t: "str", v: `torch.${T.dtypeName(t.dtype)}Tensor` };
      return T.castOp(t, dtypeOf(a.pos[0], true) ?? t.dtype);
    },
    cpu: (t) => t,
    contiguous: (t) => T.contiguous(t),
    is_contiguous: (t) => bool(T.isContiguous(t.shape, T.stridesOfT(t))),
    stride: (t, a) => {
      const st = T.stridesOfT(t);
      const d = kw(a, "dim", 0);
      return isNone(d) ? { t: "tuple", items: st.map(int) } : int(st[T.normDim(toInt(d!), t.ndim, false)]);
    },
    softmax: (t, a, ctx) => softmaxCall(a, "softmax", false, ctx, false, t),
    log_softmax: (t, a, ctx) => softmaxCall(a, "log_softmax", true, ctx, false, t),
    logsumexp: (t, a) => logsumexpCall(t, a, 0),
    sum: (t, a) => (t.numpy ? npReduce({ ...a, pos: [t] }, "sum") : reduceCall(t, a, "sum", 0)),
    mean: (t, a) => (t.numpy ? npReduce({ ...a, pos: [t] }, "mean") : reduceCall(t, a, "mean", 0)),
    clamp: (t, a) => clampCall(t, a, 0),
    clamp_min: (t, a) => clampSide(t, kw(a, "min", 0), "min"),
    clamp_max: (t, a) => clampSide(t, kw(a, "max", 0), "max"),
    clip: (t, a) => clampCall(t, a, 0),
    expand: (t, a) => T.expand(t, shapeOf(a.pos, "expand", true)),
    scatter_: (t, a) => scatterCall(t, a, 0),
    scatter: (t, a) => scatterCall(T.clone(t), a, 0),
    scatter_add_: (t, a) => scatterCall(t, a, 0, true),
    fill_diagonal_: (t, a) => fillDiagonal(t, toNumber(kw(a, "fill_value", 0) ?? NONE), kw(a, "wrap", 1)),
    new_zeros: (t, a) => T.full(shapeOf(a.pos, "new_zeros"), 0, dtypeOf(a.kw.get("dtype"), true) ?? t.dtype),
    new_ones: (t, a) => T.full(shapeOf(a.pos, "new_ones"), 1, dtypeOf(a.kw.get("dtype"), true) ?? t.dtype),
    new_full: (t, a) => {
      const dt = dtypeOf(a.kw.get("dtype"), true) ?? t.dtype;
      return T.full(shapeOf([kw(a, "size", 0) ?? NONE], "new_full"), fillNumber(kw(a, "fill_value", 1) ?? NONE, dt), dt);
    },
    new_tensor: (t, a) => tensorFrom(kw(a, "data", 0) ?? NONE, dtypeOf(a.kw.get("dtype"), true) ?? t.dtype, false),
    pow: (t, a) => T.binary("**", t, operand(kw(a, "exponent", 0) ?? NONE, "pow", 1, "exponent")),
    add: (t, a, ctx) => addCall(t, a, 0, "+", { called: "add", ctx }),
    sub: (t, a, ctx) => addCall(t, a, 0, "-", { called: "sub", ctx }),
    add_: (t, a, ctx) => T.inplace(t, (self) => addCall(self, a, 0, "+", { called: "add_", ctx }), "add_"),
    sub_: (t, a, ctx) => T.inplace(t, (self) => addCall(self, a, 0, "-", { called: "sub_", ctx }), "sub_"),
    mul: (t, a) => T.binary("*", t, operand(kw(a, "other", 0) ?? NONE, "mul", 1, "other")),
    div: (t, a) => T.binary("/", t, operand(kw(a, "other", 0) ?? NONE, "div", 1, "other")),
    multiply: (t, a) => T.binary("*", t, operand(kw(a, "other", 0) ?? NONE, "multiply", 1, "other")),
    subtract: (t, a) => addCall(t, a, 0, "-"),
    divide: (t, a) => T.binary("/", t, operand(kw(a, "other", 0) ?? NONE, "divide", 1, "other")),
    neg: (t) => T.neg(t),
    view: (t, a) => T.view(t, shapeOf(a.pos, "view", true)),
    reshape: (t, a) => T.reshape(t, shapeOf(a.pos, "reshape", true), evalTorch().reshapeGradFn),
    view_as: (t, a) => T.view(t, tensorArg(kw(a, "other", 0), "view_as").shape),
    flatten: (t, a) => flattenCall(t, a, 0),
    t: (t) => T.t2d(t),
    transpose: (t, a) => T.transpose(t, toInt(kw(a, "dim0", 0) ?? NONE), toInt(kw(a, "dim1", 1) ?? NONE)),
    squeeze: (t, a) => T.squeeze(t, isNone(kw(a, "dim", 0)) ? null : toInt(kw(a, "dim", 0)!)),
    unsqueeze: (t, a) => T.unsqueeze(t, toInt(kw(a, "dim", 0) ?? NONE)),
    detach: (t) => T.detach(t),
    // t itself out of the graph. Whether t is a view (PyTorch refuses one) is known here when its node is a view op's,
    // and for a Parameter (never one); any other tensor may be a view (a slice's leaf, an in-place op on a view).
    detach_: (t) => {
      if (t.gradFn && T.VIEW_NODES.has(t.gradFn.name)) throw new PyError("RuntimeError", "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
      if (t.gradFn || !t.param) throw new Unsupported("Tensor.detach_ of a tensor that may be a view");
      t.requiresGrad = false;
      return t;
    },
    clone: (t) => T.clone(t),
    numpy: (t) => {
      if (t.requiresGrad) throw new PyError("RuntimeError", "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
      const r = T.detach(t);
      r.numpy = true;
      return r;
    },
    requires_grad_: (t, a) => {
      const v = kw(a, "requires_grad", 0);
      return requiresGrad(t, v === undefined ? true : toNumber(v) !== 0);
    },
    backward: (t, a, ctx) => {
      const g = kw(a, "gradient", 0);
      // retain_graph defaults to create_graph: either keeps what the graph saved for another backward.
      const flag = (v: Value | undefined): boolean => v !== undefined && !isNone(v) && toNumber(v) !== 0;
      const retain = kw(a, "retain_graph", 1);
      ctx.backward(t, g && isTensor(g) ? g : undefined, retain !== undefined && !isNone(retain) ? flag(retain) : flag(kw(a, "create_graph", 2)));
      return NONE;
    },
    item: (t) => {
      if (t.numel !== 1) throw new PyError("RuntimeError", `a Tensor with ${t.numel} elements cannot be converted to Scalar`);
      const v = t.data[0];
      if (t.numpy) return { t: "npscalar", dtype: t.dtype, v };
      return t.isFloat ? float(v) : t.dtype === "bool" ? bool(v !== 0) : int(v);
    },
    tolist: (t) => toList(t),
    element_size: (t) => int(T.ELEMENT_SIZE[t.dtype]),
    is_floating_point: (t) => bool(t.isFloat),
    size: (t, a) => {
      if (a.pos.length) return int(t.shape[T.normDim(toInt(a.pos[0]), t.ndim, false)]);
      return { t: "tuple", items: t.shape.map(int), size: true };
    },
    dim: (t) => int(t.ndim),
    ndimension: (t) => int(t.ndim),
    resize_: (t, a) => {
      // A negative size makes a tensor of that size in PyTorch (its repr prints it), which no tensor here holds.
      const sizes = a.pos.length === 1 && !isTensor(a.pos[0]) && (a.pos[0].t === "tuple" || a.pos[0].t === "list") ? listItems(a.pos[0]) : a.pos;
      if (sizes.some((v) => !isTensor(v) && (v.t === "int" || v.t === "bool") && Number(v.v) < 0)) throw new Unsupported("resize_ to a negative size");
      return resize(t, shapeOf(a.pos, "resize_"));
    },
    get_device: () => int(-1),
    numel: (t) => int(t.numel),
    nelement: (t) => int(t.numel),
    dot: (t, a) => T.matmul(t, tensorArg(a.pos[0], "dot", 1, "tensor")),
    mm: (t, a) => mmCall(t, tensorArg(kw(a, "mat2", 0), "mm", 1, "mat2")),
    bmm: (t, a) => T.bmm(t, tensorArg(a.pos[0] ?? a.kw.get("mat2"), "bmm", 1, "mat2")),
    matmul: (t, a) => T.matmul(t, tensorArg(a.pos[0], "matmul", 1, "other")),

    random_: (t, a, ctx) => {
      T.checkLeafInPlace(t);
      // A bool tensor's draws are not randomIntInto's (measured: other values after the same seed).
      if (t.dtype === "bool") throw new Unsupported("random_ of a bool tensor");
      let from = 0;
      let to: number;
      const p = a.pos.map((v) => toInt(v));
      if (a.kw.has("to")) to = toInt(a.kw.get("to")!);
      else if (p.length === 2) [from, to] = p;
      else if (p.length === 1) to = p[0];
      else to = t.dtype === "float32" ? 2 ** 24 + 1 : t.dtype === "float64" ? 2 ** 53 + 1 : 2 ** 53;
      if (a.kw.has("from")) from = toInt(a.kw.get("from")!);
      return randomIntInto(ctx, t, from, to);
    },
    uniform_: (t, a, ctx) => {
      T.checkLeafInPlace(t);
      if (!t.isFloat) throw versionedError("RuntimeError", `"check_uniform_bounds" not implemented for '${T.dtypeName(t.dtype)}'`);
      const [lo, hi] = [isNone(kw(a, "from", 0)) ? 0 : toNumber(kw(a, "from", 0)!), isNone(kw(a, "to", 1)) ? 1 : toNumber(kw(a, "to", 1)!)];
      if (lo > hi) throw new PyError("RuntimeError", `uniform_ expects to return a [from, to) range, but found from=${formatGeneral(lo, 6)} > to=${formatGeneral(hi, 6)}`);
      fillUniform(ctx.rng, t.data, lo, hi);
      t.random = true;
      return t;
    },
    normal_: (t, a, ctx) => {
      T.checkLeafInPlace(t);
      if (!t.isFloat) throw versionedError("RuntimeError", `"normal_kernel_cpu" not implemented for '${T.dtypeName(t.dtype)}'`);
      fillNormal(ctx.rng, t.data, isNone(kw(a, "mean", 0)) ? 0 : toNumber(kw(a, "mean", 0)!), isNone(kw(a, "std", 1)) ? 1 : toNumber(kw(a, "std", 1)!));
      t.random = true;
      return t;
    },
    fill_: (t, a) => {
      T.checkLeafInPlace(t);
      t.data.fill(T.scalarTensor(toNumber(kw(a, "value", 0) ?? NONE), t.dtype).data[0]);
      return t;
    },
    zero_: (t) => {
      T.checkLeafInPlace(t);
      t.data.fill(0);
      return t;
    },
    sign: (t) => T.unary("sign", t),
    polygamma: (t, a) => polygammaCall(a, t, "polygamma"),
  };
  for (const [name, op] of Object.entries(RANDOM_METHODS)) m[name] = op;
  for (const op of UNARY_NAMES) if (!m[op]) m[op] = (t) => T.unary(op, t);
  // x.where(condition, other) is torch.where(condition, x, other).
  m.where = (t, a, ctx) => {
    const cond = tensorArg(kw(a, "condition", 0), "where", 1, "condition");
    const other = kw(a, "other", 1) ?? NONE;
    if (!evalTorch().whereMethodNumberOther) tensorArg(other, "where", 2, "other");
    return SHARED.where(cond, { ...a, pos: [t, other], kw: new Map() }, 0, ctx);
  };
  for (const [name, op] of Object.entries(SHARED)) if (!m[name]) m[name] = (t, a, ctx) => op(t, a, 0, ctx);
  // In-place forms: the op, then its result written into t (leaf checks and history as PyTorch's).
  const INPLACE = ["add", "sub", "mul", "div", "pow", "clamp", "clamp_min", "clamp_max", "clip", "masked_fill", "neg", "abs", "sqrt", "exp", "log", "sigmoid", "tanh", "relu", "floor", "ceil", "round", "reciprocal", "square", "sign", "lgamma", "digamma", "lerp", "addcmul", "addcdiv", "hypot"];
  // addcmul_ / addcdiv_ name themselves in the deprecated overload's warning.
  for (const div of [false, true]) {
    const name = div ? "addcdiv_" : "addcmul_";
    const op = addc(div, name);
    m[name] = (t, a, ctx) => T.inplace(t, (self) => op(self, a, 0, ctx), name);
  }
  // pow_ / square_ by a number: their own dtype check (inplace.ts castError).
  m.pow_ = (t, a, ctx) => T.inplace(t, (self) => m.pow(self, a, ctx), isTensor(kw(a, "exponent", 0) ?? NONE) ? "pow_" : "pow_(Scalar)");
  m.square_ = (t, a, ctx) => T.inplace(t, (self) => m.square(self, a, ctx), "pow_(Scalar)");
  for (const name of INPLACE) {
    if (name in m && !m[`${name}_`]) m[`${name}_`] = (t, a, ctx) => T.inplace(t, (self) => m[name](self, a, ctx), `${name}_`);
  }
  // non_blocking changes nothing on the CPU.
  m.copy_ = (t, a) => {
    kw(a, "non_blocking", 1);
    return T.inplace(t, () => T.castOp(T.expand(tensorArg(kw(a, "src", 0), "copy_"), t.shape), t.dtype), "copy_");
  };
  return m;
}

/** Tensor.fill_diagonal_ as ATen's: the main diagonal of a matrix or of a cube of equal sides; with wrap, a tall
 *  matrix's diagonal starts again every width + 1 rows. */
function fillDiagonal(t: PTensor, value: number, wrapArg: Value | undefined): PTensor {
  T.checkLeafInPlace(t);
  if (t.ndim < 2) throw new PyError("RuntimeError", "dimensions must larger than 1");
  if (t.ndim > 2 && t.shape.some((s) => s !== t.shape[0])) throw new PyError("RuntimeError", "all dimensions of input must be of equal length");
  const v = T.scalarTensor(value, t.dtype).data[0];
  const step = T.stridesOf(t.shape).reduce((p, q) => p + q, 0);
  const [height, width] = t.shape;
  const n = Math.min(...t.shape);
  for (let i = 0; i < n; i++) t.data[i * step] = v;
  if (boolArg(wrapArg) && t.ndim === 2 && height > width + 1) {
    for (let i = width * (width + 1); i < t.numel; i += step) t.data[i] = v;
  }
  return t;
}

export function toList(t: PTensor): Value {
  const st = T.stridesOf(t.shape);
  const el = (v: number): Value => (t.isFloat ? float(v) : t.dtype === "bool" ? bool(v !== 0) : int(v));
  const rec = (d: number, off: number): Value => {
    if (d === t.ndim) return el(t.data[off]);
    return { t: "list", items: Array.from({ length: t.shape[d] }, (_, i) => rec(d + 1, off + i * st[d])) };
  };
  return rec(0, 0);
}
