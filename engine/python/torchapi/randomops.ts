// The random ops loss code uses, drawing from the default CPU generator as ATen's CPU kernels do (both wheels run
// them on it: 2.13's bernoulli_ / exponential_ call no MKL stream, read off its machine code and measured):
// randperm, randint_like, bernoulli (a number p: a double uniform per element in memory order; a tensor p: a
// float or double uniform per element), exponential_, multinomial (with replacement: a binary search of the
// float cumulative sums; without, and 2.x's single sample: argmax / topk of p / Exp(1)), normal's tensor forms,
// and dropout (empty_like(x).bernoulli_(1 - p).div_(1 - p), then x * noise: MulBackward0 on CPU).
import { errorIn } from "../../api/versions";
import { evalTorch, versionedError } from "../version";
import { PyError, Unsupported } from "../errors";
import { exponentialArguments, fillBernoulli, fillBernoulliFrom, fillNormal, fillRandomInt, fillRandperm } from "../random";
import * as T from "../tensor";
import { isTensor, PTensor, type TDtype } from "../tensor";
import { mathOf } from "../tensor/elementwise";
import { nonOverlappingAndDense } from "../tensor/layout";
import { hasOwn, type Args, type Fn, type Value } from "../values";
import { builtin, dtypeOf, finish, isNone, kw, shapeOf, tensorArg, toInt, toNumber } from "./args";
import type { Ctx } from "./ctx";

const isFloatDtype = (d: TDtype) => d === "float32" || d === "float64";

function noGenerator(a: Args, fn: string): void {
  if (!isNone(a.kw.get("generator"))) throw new Unsupported(`${fn}(generator=...): only the default generator is modelled`);
}

/** PyTorch's leaf check of in-place ops (methods.ts has the same; imported from there it would be a cycle). */
/** Draws n values in t's memory order (a nullary TensorIterator walks a dense tensor's memory) into row-major order. */
function inMemoryOrder(t: PTensor, draw: (into: Float64Array) => void): Float64Array {
  const drawn = new Float64Array(t.numel);
  draw(drawn);
  if (!t.strides || !nonOverlappingAndDense(t.shape, t.strides)) return drawn;
  const out = new Float64Array(t.numel);
  const st = t.strides;
  const idx = new Array<number>(t.ndim).fill(0);
  for (let i = 0; i < t.numel; i++) {
    let off = 0;
    for (let d = 0; d < t.ndim; d++) off += idx[d] * st[d];
    out[i] = drawn[off];
    for (let d = t.ndim - 1; d >= 0 && ++idx[d] === t.shape[d]; d--) idx[d] = 0;
  }
  return out;
}

/** bernoulli_(p) on t in place, p a number: values as t's dtype holds them. */
export function bernoulliScalarInto(ctx: Ctx, t: PTensor, p: number): PTensor {
  if (!(p >= 0 && p <= 1)) throw new PyError("RuntimeError", `bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  t.data.set(inMemoryOrder(t, (d) => fillBernoulli(ctx.rng, d, p)));
  t.random = true;
  return t;
}

/** bernoulli_(p) on t in place, p a tensor broadcast to t: each element checks its p, then draws. */
export function bernoulliTensorInto(ctx: Ctx, t: PTensor, p: PTensor): PTensor {
  if (!p.isFloat) {
    const e = errorIn(evalTorch().version, "RuntimeError", `"bernoulli_tensor_cpu_p_" not implemented for '${T.dtypeName(p.dtype)}'`);
    throw new PyError(e.kind, e.message);
  }
  const probs = T.broadcastTo(p, t.shape).data;
  const bad = probs.findIndex((v) => !(v >= 0 && v <= 1));
  const n = bad < 0 ? probs.length : bad;
  const drawn = new Float64Array(n);
  fillBernoulliFrom(ctx.rng, drawn, probs.subarray(0, n), p.dtype === "float64");
  if (bad >= 0) throw new PyError("RuntimeError", "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)");
  t.data.set(drawn);
  t.random = true;
  return t;
}

/** torch.bernoulli(input, p=None) / input.bernoulli(p=None): a new contiguous tensor of input's dtype. */
export function bernoulliCall(ctx: Ctx, x: PTensor, p: Value | undefined): PTensor {
  const out = T.full(x.shape.slice(), 0, x.dtype);
  if (!isNone(p) && !isTensor(p!)) bernoulliScalarInto(ctx, out, toNumber(p!, "p"));
  else bernoulliTensorInto(ctx, out, isNone(p) ? x : (p as PTensor));
  if (isNone(p)) return T.track(out, "BernoulliBackward0", [x], () => [T.full(x.shape.slice(), 0, x.dtype)]);
  // bernoulli(x, p) has no derivative: 1.13 records nothing, 2.x a NotImplemented node that backward refuses.
  if (!isTensor(p!) && evalTorch().bernoulliScalarNode) {
    return T.track(out, "NotImplemented", [x], () => {
      throw new PyError("RuntimeError", "derivative for aten::bernoulli is not implemented");
    });
  }
  return out;
}

/** exponential_(lambd) on t in place: -1/lambd · log(1 - u) (1.13) or · log1p(-u) (2.x), in double, then t's dtype. */
export function exponentialInto(ctx: Ctx, t: PTensor, lambd: number, forIndices = false): PTensor {
  // The dtype (1.13: the kernel's dispatch; 2.x: its continuous-dtype check), then lambda's sign.
  if (!isFloatDtype(t.dtype)) throw versionedError("RuntimeError", `"exponential_cpu" not implemented for '${T.dtypeName(t.dtype)}'`);
  const strict = evalTorch().exponentialLambdaPositive;
  if (strict ? !(lambd > 0) : !(lambd >= 0)) throw new PyError("RuntimeError", `exponential_ expects lambda ${strict ? ">" : ">="} 0.0, but found lambda=${lambd}`);
  const log1p = evalTorch().exponentialLog1p;
  // 1.13's float64 values go through glibc's log, which the engine matches to within an ulp only (2 inputs in
  // 1e5): refused where they would print; multinomial uses them for an order only (see multinomial).
  if (!log1p && t.dtype === "float64" && !forIndices) throw new Unsupported("exponential_ of a float64 tensor under PyTorch 1.13 (glibc's log is not bit-exact here)");
  const args = inMemoryOrder(t, (d) => d.set(exponentialArguments(ctx.rng, d.length, log1p)));
  const logs = mathOf(log1p ? "log1p" : "log", args, 0);
  const scale = -1 / lambd;
  for (let i = 0; i < logs.length; i++) t.data[i] = scale * logs[i];
  t.random = true;
  return t;
}

/**
 * torch.multinomial(probs, n, replacement): 1-D or 2-D float probabilities, int64 indices. With replacement (1.13
 * always, 2.x for more than one sample): per row the float cumulative sums divided by their total, then per sample
 * a double uniform and the first bucket whose sum is not below it. Otherwise q = probs / Exp(1) in probs' dtype and
 * the argmax (one sample) or topk's indices; a tie among the chosen values is refused (topk's order of equal values
 * is its sort's, not modelled).
 */
export function multinomial(ctx: Ctx, probs: PTensor, n: number, replacement: boolean): PTensor {
  if (probs.ndim < 1 || probs.ndim > 2) throw new PyError("RuntimeError", "prob_dist must be 1 or 2 dim");
  if (!probs.isFloat) throw new PyError("RuntimeError", `multinomial only supports floating-point dtypes for input, got: ${T.dtypeName(probs.dtype)}`);
  if (n <= 0) throw new PyError("RuntimeError", "cannot sample n_sample <= 0 samples");
  const cats = probs.shape.at(-1)!;
  if (!replacement && n > cats) throw new PyError("RuntimeError", "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  if (cats > 2 ** 24) throw new PyError("RuntimeError", "number of categories cannot exceed 2^24");
  const rows = probs.ndim === 2 ? probs.shape[0] : 1;
  const shape = probs.ndim === 2 ? [rows, n] : [n];
  const out = T.full(shape, 0, "int64");
  out.random = true;
  if (out.numel === 0) return out;
  const p = probs.data;
  const f32 = probs.dtype === "float32";
  const r = f32 ? Math.fround : (x: number) => x;
  if (!replacement || (n === 1 && evalTorch().multinomialOneSampleFastPath)) {
    let ok = true;
    for (const v of p) if (!(v >= 0 && v < Infinity)) ok = false;
    if (!ok) throw new PyError("RuntimeError", "probability tensor contains either `inf`, `nan` or element < 0");
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cats; j++) s += p[i * cats + j];
      if (s === 0) throw new PyError("RuntimeError", "invalid multinomial distribution (sum of probabilities <= 0)");
    }
    const q = exponentialInto(ctx, T.full(probs.shape.slice(), 0, probs.dtype), 1, true);
    for (let i = 0; i < rows; i++) {
      const v = (j: number) => r(p[i * cats + j] / q.data[i * cats + j]);
      const order = Array.from({ length: cats }, (_, j) => j).sort((a, b) => v(b) - v(a) || a - b);
      if (n > 1) for (let k = 0; k < n && k + 1 < cats; k++) if (v(order[k]) === v(order[k + 1])) throw new Unsupported("multinomial without replacement where equal values tie for a place (topk's order of ties)");
      for (let k = 0; k < n; k++) out.data[i * n + k] = order[k];
    }
    return out;
  }
  const cum = new Float64Array(cats);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cats; j++) {
      const val = p[i * cats + j];
      if (!(val >= 0)) throw new PyError("RuntimeError", "invalid multinomial distribution (encountering probability entry < 0)");
      if (!Number.isFinite(val)) throw new PyError("RuntimeError", "invalid multinomial distribution (encountering probability entry = infinity or NaN)");
      s = r(s + val);
      cum[j] = s;
    }
    if (!(s > 0)) throw new PyError("RuntimeError", "invalid multinomial distribution (sum of probabilities <= 0)");
    for (let j = 0; j < cats; j++) cum[j] = r(cum[j] / s);
    cum[cats - 1] = 1;
    for (let k = 0; k < n; k++) {
      const u = ctx.rng.uniformDouble();
      let lo = 0;
      let hi = cats;
      while (hi - lo > 0) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (cum[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      out.data[i * n + k] = lo;
    }
  }
  return out;
}

function multinomialArgs(ctx: Ctx, probs: PTensor, a: Args, pos: number): PTensor {
  noGenerator(a, "multinomial");
  const nv = kw(a, "num_samples", pos);
  if (isNone(nv)) throw new PyError("TypeError", "multinomial() missing required argument 'num_samples'");
  const rep = kw(a, "replacement", pos + 1);
  return multinomial(ctx, probs, toInt(nv!, "num_samples"), !!rep && !isTensor(rep) && rep.t === "bool" && rep.v);
}

/** The broadcast standard normal draw of normal's tensor forms, as normal_(0, std) fills it. */
function standardDraw(ctx: Ctx, shape: number[], dtype: TDtype, std = 1): PTensor {
  const z = T.full(shape, 0, dtype);
  fillNormal(ctx.rng, z.data, 0, std);
  z.random = true;
  return z;
}

/** torch.normal(mean, std, size=None): its four overloads (NormalBackward1 / 2 / 3 give zero gradients). */
function normalCall(ctx: Ctx, a: Args): PTensor {
  noGenerator(a, "normal");
  const meanV = kw(a, "mean", 0);
  const stdV = kw(a, "std", 1);
  const mean = meanV && isTensor(meanV) ? meanV : null;
  const std = stdV && isTensor(stdV) ? stdV : null;
  const checkStd = (s: PTensor) => {
    if (!s.data.every((v) => v >= 0)) throw new PyError("RuntimeError", "normal expects all elements of std >= 0.0");
  };
  const checkNum = (s: number) => {
    if (!(s >= 0)) throw new PyError("RuntimeError", `normal expects std >= 0.0, but found std ${s}`);
  };
  const zeros = (t: PTensor) => T.full(t.shape.slice(), 0, t.dtype);
  const asDtype = (t: PTensor, d: TDtype) => (t.dtype === d ? t : T.cast(t, d));
  if (mean && std) {
    checkStd(std);
    const shape = T.broadcastShapes(mean.shape, std.shape);
    const out = T.withNoGrad(() => {
      const z = standardDraw(ctx, shape, mean.dtype);
      return asDtype(T.binary("+", asDtype(T.binary("*", z, std), mean.dtype), mean), mean.dtype);
    });
    out.random = true;
    return T.track(out, "NormalBackward3", [mean, std], () => [zeros(mean), zeros(std)]);
  }
  if (mean) {
    const s = isNone(stdV) ? 1 : toNumber(stdV!, "std");
    checkNum(s);
    const out = T.withNoGrad(() => asDtype(T.binary("+", standardDraw(ctx, mean.shape.slice(), mean.dtype, s), mean), mean.dtype));
    out.random = true;
    return T.track(out, "NormalBackward1", [mean], () => [zeros(mean)]);
  }
  if (std) {
    checkStd(std);
    const m = isNone(meanV) ? 0 : toNumber(meanV!, "mean");
    const out = T.withNoGrad(() => T.binary("+", T.binary("*", standardDraw(ctx, std.shape.slice(), std.dtype), std), { value: m, kind: "float" }));
    out.random = true;
    return T.track(out, "NormalBackward2", [std], () => [zeros(std)]);
  }
  const sizeV = kw(a, "size", 2);
  if (isNone(sizeV)) throw new PyError("TypeError", "normal() received an invalid combination of arguments");
  const m = isNone(meanV) ? 0 : toNumber(meanV!, "mean");
  const s = isNone(stdV) ? 1 : toNumber(stdV!, "std");
  checkNum(s);
  const dtype = dtypeOf(a.kw.get("dtype")) ?? "float32";
  if (!isFloatDtype(dtype)) throw versionedError("RuntimeError", `"normal_kernel_cpu" not implemented for '${T.dtypeName(dtype)}'`);
  const t = T.full(shapeOf([sizeV!], "normal"), 0, dtype);
  fillNormal(ctx.rng, t.data, m, s);
  t.random = true;
  return finish(t, a);
}

/** F.dropout(x, p, training, inplace): x itself when p is 0, not training or x is empty. */
export function dropout(ctx: Ctx, x: PTensor, p: number, training: boolean, inplace: boolean): PTensor {
  if (p < 0 || p > 1) throw new PyError("ValueError", `dropout probability has to be between 0 and 1, but got ${Number.isInteger(p) ? p : String(p)}`);
  if (p === 0 || !training || x.numel === 0) return x;
  if (!x.isFloat) throw new Unsupported("dropout of a tensor that is not floating point");
  let noise: PTensor;
  if (p === 1) noise = T.full([], 0, x.dtype);
  else {
    noise = T.full(x.shape.slice(), 0, x.dtype);
    const keepLayout = evalTorch().dropoutNoisePreservesLayout && x.strides && nonOverlappingAndDense(x.shape, x.strides);
    noise.strides = keepLayout ? x.strides!.slice() : null;
    bernoulliScalarInto(ctx, noise, 1 - p);
    // noise.div_(1 - p): the divisor in the tensor's dtype
    const keep = x.dtype === "float32" ? Math.fround(1 / Math.fround(1 - p)) : 1 / (1 - p);
    for (let i = 0; i < noise.data.length; i++) noise.data[i] *= keep;
  }
  noise.random = true;
  if (inplace) return T.inplace(x, (self) => T.binary("*", self, noise), "dropout_");
  return T.binary("*", x, noise);
}

/** F.dropout's arguments: input, p=0.5, training=True, inplace=False. */
export function dropoutCall(ctx: Ctx, a: Args): PTensor {
  const x = tensorArg(kw(a, "input", 0), "dropout");
  const pv = kw(a, "p", 1);
  const tv = kw(a, "training", 2);
  const iv = kw(a, "inplace", 3);
  const truth = (v: Value | undefined, d: boolean) => (isNone(v) ? d : isTensor(v!) ? toNumber(v!) !== 0 : v!.t === "bool" ? v!.v : toNumber(v!) !== 0);
  return dropout(ctx, x, isNone(pv) ? 0.5 : toNumber(pv!, "p"), truth(tv, true), truth(iv, false));
}

/**
 * random_(from, to) / randint into t: bits % (to - from) + from. A float32 range past 2^24 is refused: PyTorch warns
 * there, and 2.x draws 64 bits from another bound than for the other dtypes (2^28 + 1, measured).
 */
export function randomIntInto(ctx: Ctx, t: PTensor, from: number, to: number): PTensor {
  if (from >= to) throw new PyError("RuntimeError", `random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  if (t.dtype === "float32" && (to - 1 > 2 ** 24 || from < -(2 ** 24))) throw new Unsupported("random_ / randint of float32 beyond 2^24 (PyTorch's precision warning)");
  fillRandomInt(ctx.rng, t.data, from, to, evalTorch().randint64From);
  t.random = true;
  return t;
}

/** torch.X for the random ops here. */
export function randomTorchAttr(name: string, ctx: Ctx): Value | undefined {
  const F: Record<string, Fn> = {
    randperm: (a) => {
      noGenerator(a, "randperm");
      const n = toInt(kw(a, "n", 0) ?? { t: "none" }, "randperm(): argument 'n' (position 1)");
      if (n < 0) throw new PyError("RuntimeError", `Trying to create tensor with negative dimension ${n}: [${n}]`);
      const dtype = dtypeOf(a.kw.get("dtype")) ?? "int64";
      if (dtype === "bool") {
        const e = errorIn(evalTorch().version, "RuntimeError", `"randperm" not implemented for 'Bool'`);
        throw new PyError(e.kind, e.message);
      }
      if (n >= 2 ** 32 / 20) throw new Unsupported("randperm of n >= 2^32 / 20 (random64's inside-out shuffle)");
      if (dtype === "float32" && n > 2 ** 24) throw new PyError("RuntimeError", `n cannot be greater than 2^24+1 for Float type.`);
      const t = T.full([n], 0, dtype);
      fillRandperm(ctx.rng, t.data);
      t.random = true;
      return finish(t, a);
    },
    randint_like: (a) => {
      noGenerator(a, "randint_like");
      const x = tensorArg(kw(a, "input", 0), "randint_like");
      const nums = a.pos.slice(1);
      let low = a.kw.has("low") ? toInt(a.kw.get("low")!, "low") : 0;
      let high: number;
      if (a.kw.has("high")) high = toInt(a.kw.get("high")!, "high");
      else if (nums.length >= 2) [low, high] = [toInt(nums[0], "low"), toInt(nums[1], "high")];
      else if (nums.length === 1) high = toInt(nums[0], "high");
      else throw new PyError("TypeError", "randint_like() received an invalid combination of arguments");
      const dtype = dtypeOf(a.kw.get("dtype")) ?? x.dtype;
      return finish(randomIntInto(ctx, T.full(x.shape.slice(), 0, dtype), low, high), a);
    },
    bernoulli: (a) => {
      noGenerator(a, "bernoulli");
      return bernoulliCall(ctx, tensorArg(kw(a, "input", 0), "bernoulli"), kw(a, "p", 1));
    },
    multinomial: (a) => multinomialArgs(ctx, tensorArg(kw(a, "input", 0), "multinomial"), a, 1),
    normal: (a) => normalCall(ctx, a),
  };
  return hasOwn(F, name) ? builtin(`torch.${name}`, F[name]) : undefined;
}

type Method = (t: PTensor, a: Args, ctx: Ctx) => Value;

/** Tensor.X for the random ops here. */
export const RANDOM_METHODS: Record<string, Method> = {
  bernoulli: (t, a, ctx) => {
    noGenerator(a, "bernoulli");
    return bernoulliCall(ctx, t, kw(a, "p", 0));
  },
  bernoulli_: (t, a, ctx) => {
    noGenerator(a, "bernoulli_");
    T.checkLeafInPlace(t);
    if (t.requiresGrad && T.isGradEnabled()) throw new Unsupported("bernoulli_ on a tensor in a graph");
    const p = kw(a, "p", 0);
    if (p && isTensor(p)) return bernoulliTensorInto(ctx, t, p);
    return bernoulliScalarInto(ctx, t, isNone(p) ? 0.5 : toNumber(p!, "p"));
  },
  exponential_: (t, a, ctx) => {
    noGenerator(a, "exponential_");
    T.checkLeafInPlace(t);
    if (t.requiresGrad && T.isGradEnabled()) throw new Unsupported("exponential_ on a tensor in a graph");
    const l = kw(a, "lambd", 0);
    return exponentialInto(ctx, t, isNone(l) ? 1 : toNumber(l!, "lambd"));
  },
  multinomial: (t, a, ctx) => multinomialArgs(ctx, t, a, 0),
};
