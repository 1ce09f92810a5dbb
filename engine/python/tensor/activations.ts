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
  const m = storage(x.dtype, n);
  const negm = storage(x.dtype, n);
  const d2 = storage(x.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = -x.data[i];
    m[i] = Number.isNaN(v) ? v : Math.max(v, 0);
    negm[i] = -m[i];
    d2[i] = r(v - m[i]);
  }
  const e1 = mathOf("exp", negm, n);
  const e2 = mathOf("exp", d2, n);
  const buf: Storage = storage(x.dtype, n);
  for (let i = 0; i < n; i++) buf[i] = r(e1[i] + e2[i]);
  const lg = mathOf("log", buf, n);
  const out = storage(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = -r(m[i] + lg[i]);
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
