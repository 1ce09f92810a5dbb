// Activations with parameters or buffers, as ATen's Activation kernels compute them: F.softplus (cpu_kernel_vec:
// Sleef on 16-float / 8-double chunks, glibc on the tail) and F.logsigmoid (the vectorized kernel on every
// element, with the buffer its backward uses), and the ELU family, leaky_relu, hardtanh / relu6 and silu (their
// exp on the same vector / tail split as softplus).
import { fma, fmaf } from "../fma";
import { evalTorch } from "../version";
import { track } from "./autograd";
import { asElement, cast, PTensor, storage, type Storage } from "./core";
import { clamp, mathOf } from "./elementwise";

function vecEnd(t: PTensor): number {
  return t.numel - (t.numel % (t.dtype === "float32" ? 16 : 8));
}

function rounder(t: PTensor): (x: number) => number {
  return t.dtype === "float32" ? Math.fround : (x) => x;
}

export function softplus(x0: PTensor, beta: number, threshold: number): PTensor {
  const x = x0.isFloat ? x0 : cast(x0, "float32");
  const r = rounder(x);
  const b = r(beta);
  const th = r(threshold);
  const n = x.numel;
  const ve = vecEnd(x);
  const xb = storage(x.dtype, n);
  for (let i = 0; i < n; i++) xb[i] = r(x.data[i] * b);
  const l = mathOf("log1p", mathOf("exp", xb, ve), ve);
  const out = storage(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = xb[i] > th ? x.data[i] : r(l[i] / b);
  const res = new PTensor(x.dtype, x.shape.slice(), out);
  return track(res, "SoftplusBackward0", [x0], (g) => {
    const gg = cast(g, x.dtype);
    const z = mathOf("exp", xb, ve);
    const gi = storage(x.dtype, n);
    for (let i = 0; i < n; i++) gi[i] = xb[i] > th ? gg.data[i] : r(r(gg.data[i] * z[i]) / r(z[i] + 1));
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}

export function logsigmoid(x0: PTensor): PTensor {
  const x = x0.isFloat ? x0 : cast(x0, "float32");
  const r = rounder(x);
  const n = x.numel;
  // buffer = exp(-|x|); out = min(x, 0) - log1p(buffer), every element on the vector path.
  const na = storage(x.dtype, n);
  for (let i = 0; i < n; i++) na[i] = -Math.abs(x.data[i]);
  const buf: Storage = mathOf("exp", na, n);
  const lp = mathOf("log1p", buf, n);
  const out = storage(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = x.data[i];
    out[i] = r((Number.isNaN(v) ? v : Math.min(v, 0)) - lp[i]);
  }
  const res = new PTensor(x.dtype, x.shape.slice(), out);
  return track(res, "LogSigmoidBackward0", [x0], (g) => {
    const gg = cast(g, x.dtype);
    const gi = storage(x.dtype, n);
    for (let i = 0; i < n; i++) {
      const neg = x.data[i] < 0;
      const q = r(buf[i] / r(1 + buf[i]));
      gi[i] = r(r((neg ? 1 : 0) - (neg ? 1 : -1) * q) * gg.data[i]);
    }
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}

/** exp over the elements whose product with `scale` is taken: ATen's vector chunks by Sleef, the tail by glibc. */
function scaledExp(x: PTensor, scale: number, sign = 1): Storage {
  const r = rounder(x);
  const s = storage(x.dtype, x.numel, true);
  for (let i = 0; i < x.numel; i++) s[i] = r(sign * x.data[i] * scale);
  return mathOf("exp", s, vecEnd(x));
}

/**
 * F.elu / selu / celu: x * scale where x > 0, else (exp(x * input_scale) - 1) * alpha * scale (1.13), expm1 in 2.x
 * (JS Math.expm1 rounded once: not Sleef's, engine/README "knowingly differs"). EluBackward0:
 * grad * input_scale * (alpha * scale) * exp(x * input_scale) where x <= 0, grad * scale elsewhere.
 */
export function elu(x0: PTensor, alpha: number, scale: number, inputScale: number, name = "EluBackward0", fromResult = false): PTensor {
  const x = x0.isFloat ? x0 : cast(x0, "float32");
  const r = rounder(x);
  const neg = r(r(alpha) * r(scale));
  const pos = r(scale);
  const ipt = r(inputScale);
  const n = x.numel;
  const e = evalTorch().eluExpm1 ? null : scaledExp(x, ipt);
  const out = storage(x.dtype, n, true);
  for (let i = 0; i < n; i++) {
    const v = x.data[i];
    out[i] = v <= 0 ? r((e ? r(e[i] - 1) : r(Math.expm1(r(v * ipt)))) * neg) : r(v * pos);
  }
  const res = new PTensor(x.dtype, x.shape.slice(), out);
  return track(res, name, [x0], (g) => {
    const gg = cast(g, x.dtype);
    const gi = storage(x.dtype, n, true);
    if (fromResult) {
      // elu_'s node (EluBackward1 / CeluBackward1) saves the result: elu_backward's is_result branch.
      for (let i = 0; i < n; i++) gi[i] = out[i] <= 0 ? r(r(gg.data[i] * ipt) * r(out[i] + neg)) : r(gg.data[i] * pos);
      return [new PTensor(x.dtype, x.shape.slice(), gi)];
    }
    const ex = scaledExp(x, ipt);
    for (let i = 0; i < n; i++) gi[i] = x.data[i] <= 0 ? r(r(r(gg.data[i] * ipt) * neg) * ex[i]) : r(gg.data[i] * pos);
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}

/** F.leaky_relu: x where x > 0, else x * negative_slope (LeakyReluBackward0: grad, or grad * negative_slope). */
export function leakyRelu(x0: PTensor, slope: number): PTensor {
  const x = x0.isFloat ? x0 : cast(x0, "float32");
  const r = rounder(x);
  const k = r(slope);
  const res = new PTensor(x.dtype, x.shape.slice(), storage(x.dtype, x.numel, true));
  for (let i = 0; i < x.numel; i++) res.data[i] = x.data[i] > 0 ? x.data[i] : r(x.data[i] * k);
  return track(res, "LeakyReluBackward0", [x0], (g) => {
    const gg = cast(g, x.dtype);
    const gi = storage(x.dtype, x.numel, true);
    for (let i = 0; i < x.numel; i++) gi[i] = x.data[i] > 0 ? gg.data[i] : r(gg.data[i] * k);
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}

/** F.hardtanh / relu6: clamped to [lo, hi]; HardtanhBackward0 passes grad strictly inside, 0 at and beyond the ends. */
export function hardtanh(x: PTensor, lo0: number, hi0: number): PTensor {
  // An int64 input keeps its dtype: the bounds are taken as its elements (min_val=-0.5 clamps at 0).
  const [lo, hi] = x.isFloat ? [lo0, hi0] : [asElement(lo0, x.dtype), asElement(hi0, x.dtype)];
  const res = clamp(x, lo, hi);
  if (!res.gradFn) return res;
  return track(new PTensor(res.dtype, res.shape, res.data), "HardtanhBackward0", [x], (g) => {
    const gi = storage(g.dtype, g.numel, true);
    for (let i = 0; i < g.numel; i++) gi[i] = x.data[i] <= lo || x.data[i] >= hi ? 0 : g.data[i];
    return [new PTensor(g.dtype, g.shape.slice(), gi)];
  });
}

/**
 * F.silu: x / (1 + exp(-x)) (SiluBackward0: grad * s * (1 + x * (1 - s)), s = 1 / (1 + exp(-x)); the AVX2 build
 * fuses 1 + x * (1 - s)).
 */
export function silu(x0: PTensor): PTensor {
  const x = x0.isFloat ? x0 : cast(x0, "float32");
  const r = rounder(x);
  const fm = x.dtype === "float32" ? fmaf : fma;
  const n = x.numel;
  const e = scaledExp(x, 1, -1);
  const out = storage(x.dtype, n, true);
  for (let i = 0; i < n; i++) out[i] = r(x.data[i] / r(1 + e[i]));
  const res = new PTensor(x.dtype, x.shape.slice(), out);
  return track(res, "SiluBackward0", [x0], (g) => {
    const gg = cast(g, x.dtype);
    const gi = storage(x.dtype, n, true);
    for (let i = 0; i < n; i++) {
      const s = r(1 / r(1 + e[i]));
      gi[i] = r(r(gg.data[i] * s) * fm(x.data[i], r(1 - s), 1));
    }
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}
