// The piecewise activations of ATen's Activation kernels, in the dtype's arithmetic: hardswish / hardsigmoid,
// softshrink / hardshrink, threshold, and mish (exp / log1p on Sleef's vector chunks with a glibc tail; its tanh
// is JS Math.tanh: within an ulp, README "Last digit").
import { fma, fmaf } from "../fma";
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { cast, dtypeName, PTensor, storage, type Storage } from "./core";
import { mathOf } from "./elementwise";

/** The vector chunks' end (two AVX2 vectors: 16 float / 8 double), where cpu_kernel_vec's scalar tail starts. */
export function vecEnd(n: number, dtype: string): number {
  return n - (n % (dtype === "float32" ? 16 : 8));
}

export function rounder(dtype: string): (x: number) => number {
  return dtype === "float32" ? Math.fround : (x) => x;
}

/** A float kernel's input: its AT_DISPATCH_FLOATING_TYPES refuses integers and bool in PyTorch's words. */
export function floatOnly(x: PTensor, kernel: string): PTensor {
  if (!x.isFloat) throw versionedError("RuntimeError", `"${kernel}" not implemented for '${dtypeName(x.dtype)}'`);
  return x;
}

/** A number as C++'s ostream writes it (%g: six significant digits). */
function cppNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (v === 0) return "0";
  const [m, e] = v.toExponential(5).split("e");
  const exp = Number(e);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= 6) return `${strip(m)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return strip(v.toFixed(5 - exp));
}

/** out[i] = f(x[i]) in x's dtype, with its backward gi[i] = df(grad[i], x[i]) as one autograd node. */
function pointwise(x: PTensor, name: string, f: (v: number, i: number) => number, df: (g: number, v: number) => number): PTensor {
  const n = x.numel;
  const out = storage(x.dtype, n, true);
  for (let i = 0; i < n; i++) out[i] = f(x.data[i], i);
  return track(new PTensor(x.dtype, x.shape.slice(), out), name, [x], (g) => {
    const gg = cast(g, x.dtype);
    const gi = storage(x.dtype, n, true);
    for (let i = 0; i < n; i++) gi[i] = df(gg.data[i], x.data[i]);
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}

/**
 * F.hardswish: x * min(max(x + 3, 0), 6) / 6. HardswishBackward0: grad * (x / 3 + 0.5) between the ends, 0 below,
 * grad above; which side each end falls on changed in 2.x (TorchBehaviour.hardswishOpenEnds).
 */
export function hardswish(x0: PTensor): PTensor {
  const x = floatOnly(x0, "hardswish_cpu");
  const r = rounder(x.dtype);
  const open = evalTorch().hardswishOpenEnds;
  return pointwise(
    x,
    "HardswishBackward0",
    (v) => r(r(v * Math.min(Math.max(r(v + 3), 0), 6)) / 6),
    (g, v) => ((open ? v <= -3 : v < -3) ? 0 : (open ? v < 3 : v <= 3) ? r(g * r(r(v / 3) + 0.5)) : g),
  );
}

/** F.hardsigmoid: min(max(x + 3, 0), 6) / 6; HardsigmoidBackward0: grad * (float)(1 / 6) strictly inside (-3, 3). */
export function hardsigmoid(x0: PTensor): PTensor {
  const x = floatOnly(x0, "hardsigmoid_cpu");
  const r = rounder(x.dtype);
  // scalar_t(1.0f / 6.0f): a float constant, widened for double too.
  const sixth = Math.fround(1 / 6);
  return pointwise(
    x,
    "HardsigmoidBackward0",
    (v) => r(Math.min(Math.max(r(v + 3), 0), 6) / 6),
    (g, v) => (v > -3 && v < 3 ? r(g * sixth) : 0),
  );
}

/**
 * F.softshrink (x -+ lambd beyond +-lambd, else 0) and F.hardshrink (x beyond +-lambd, else 0); their backward
 * passes grad beyond +-lambd, 0 within (ends included). lambd is taken in the dtype.
 */
export function shrink(x0: PTensor, lambd: number, soft: boolean): PTensor {
  if (soft) {
    const ranged = evalTorch().softshrinkRangeCheck;
    if (ranged) floatOnly(x0, "softshrink_check");
    if (!(lambd >= 0 && (!ranged || lambd <= (x0.dtype === "float64" ? Number.MAX_VALUE : 3.4028234663852886e38)))) {
      throw new PyError(
        "RuntimeError",
        ranged
          ? `lambda must be in range [0, ${x0.dtype === "float64" ? "1.79769e+308" : "3.40282e+38"}] for input dtype ${dtypeName(x0.dtype)}, but found ${cppNumber(lambd)}`
          : `lambda must be greater or equal to 0, but found to be ${cppNumber(lambd)}.`,
      );
    }
  }
  const x = floatOnly(x0, soft ? "softshrink_cpu" : "hardshrink_cpu");
  const r = rounder(x.dtype);
  const l = r(lambd);
  // Within +-lambd: +0, but 2.x's scalar tail keeps x's sign (x * 0).
  const ve = soft && evalTorch().softshrinkSignedZeroTail ? vecEnd(x.numel, x.dtype) : x.numel;
  const f = soft ? (v: number, i: number) => (v > l ? r(v - l) : v < -l ? r(v + l) : i >= ve ? v * 0 : 0) : (v: number) => (v >= -l && v <= l ? 0 : v);
  return pointwise(x, soft ? "SoftshrinkBackward0" : "HardshrinkBackward0", f, (g, v) => (v >= -l && v <= l ? 0 : g));
}

/** F.threshold: value where x <= threshold, else x (any dtype: both numbers taken in it); ThresholdBackward0. */
export function threshold(x: PTensor, th: number, value: number): PTensor {
  if (x.dtype === "bool") throw versionedError("RuntimeError", `"threshold_cpu" not implemented for 'Bool'`);
  const conv = x.isFloat ? rounder(x.dtype) : Math.trunc;
  const t = conv(th);
  const val = conv(value);
  return pointwise(x, "ThresholdBackward0", (v) => (v <= t ? val : v), (g, v) => (v <= t ? 0 : g));
}

/**
 * F.mish: x * tanh(log1p(exp(x))). MishBackward0: grad * (t + x * s * (1 - t * t)), s = 1 / (1 + exp(-x)), fused
 * as GCC contracts it.
 */
export function mish(x0: PTensor): PTensor {
  const x = floatOnly(x0, "mish_cpu");
  const r = rounder(x.dtype);
  const fm = x.dtype === "float32" ? fmaf : fma;
  const n = x.numel;
  const ve = vecEnd(n, x.dtype);
  const tsp = (): Storage => {
    const l = mathOf("log1p", mathOf("exp", x.data, ve), ve);
    for (let i = 0; i < n; i++) l[i] = r(Math.tanh(l[i]));
    return l;
  };
  const t = tsp();
  const out = storage(x.dtype, n, true);
  for (let i = 0; i < n; i++) out[i] = r(x.data[i] * t[i]);
  return track(new PTensor(x.dtype, x.shape.slice(), out), "MishBackward0", [x], (g) => {
    const gg = cast(g, x.dtype);
    const neg = storage(x.dtype, n, true);
    for (let i = 0; i < n; i++) neg[i] = -x.data[i];
    const e = mathOf("exp", neg, ve);
    const gi = storage(x.dtype, n, true);
    for (let i = 0; i < n; i++) {
      const s = r(1 / r(1 + e[i]));
      gi[i] = r(gg.data[i] * fm(r(x.data[i] * s), fm(-t[i], t[i], 1), t[i]));
    }
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}
