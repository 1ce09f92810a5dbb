// Activations with parameters or buffers, as ATen's Activation kernels compute them: F.softplus (cpu_kernel_vec:
// Sleef on 16-float / 8-double chunks, glibc on the tail) and F.logsigmoid (the vectorized kernel on every
// element, with the buffer its backward uses).
import { track } from "./autograd";
import { cast, PTensor, storage, type Storage } from "./core";
import { mathOf } from "./elementwise";

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
