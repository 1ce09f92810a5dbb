// F.glu and F.prelu as ATen computes them: glu's halves are strided views, so TensorIterator runs its kernels
// row by row (a row: the half's size times the dims after it), each row's vector chunks through Sleef and its
// scalar tail through glibc; prelu's weight gradient is summed per channel.
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { cast, dtypeName, normDim, PTensor, splitAt, storage, type Storage } from "./core";
import { mathOf } from "./elementwise";
import { floatOnly, rounder, vecEnd } from "./piecewise";
import { reshape } from "./shape";
import { reduceDims } from "./select";

/** op over rows of length `row`, each split into Sleef's vector chunks and a glibc tail as cpu_kernel_vec does. */
function rowwise(op: "exp" | "sigmoid", data: Storage, row: number, dtype: string): Storage {
  const n = data.length;
  const ve = vecEnd(row, dtype);
  if (ve === row || ve === 0 || n === row) return mathOf(op, data, n === row ? vecEnd(n, dtype) : ve === row ? n : 0);
  const rows = n / row;
  const vec = storage(dtype === "float32" ? "float32" : "float64", rows * ve, true);
  const tail = storage(dtype === "float32" ? "float32" : "float64", rows * (row - ve), true);
  for (let o = 0; o < rows; o++) {
    vec.set(data.subarray(o * row, o * row + ve), o * ve);
    tail.set(data.subarray(o * row + ve, (o + 1) * row), o * (row - ve));
  }
  const v = mathOf(op, vec, vec.length);
  const t = mathOf(op, tail, 0);
  const out = storage(dtype === "float32" ? "float32" : "float64", n, true);
  for (let o = 0; o < rows; o++) {
    out.set(v.subarray(o * ve, (o + 1) * ve), o * row);
    out.set(t.subarray(o * (row - ve), (o + 1) * (row - ve)), o * row + ve);
  }
  return out;
}

/**
 * F.glu(input, dim): a * sigmoid(b) for the halves a, b along dim (the kernel: a * (1 / (1 + exp(-b)))).
 * GluBackward0: the first half grad * sigmoid(b), the second (1 - s) * s * a * grad.
 */
export function glu(x0: PTensor, dim: number): PTensor {
  if (x0.ndim === 0) throw new PyError("RuntimeError", "glu does not support scalars because halving size must be even");
  const d = normDim(dim, x0.ndim);
  if (x0.shape[d] % 2 !== 0) throw new PyError("RuntimeError", `Halving dimension must be even, but dimension ${d} is size ${x0.shape[d]}`);
  const x = floatOnly(x0, "glu_cpu");
  const r = rounder(x.dtype);
  const { outer, size, inner } = splitAt(x.shape, d);
  const row = (size / 2) * inner;
  const n = outer * row;
  const a = storage(x.dtype, n, true);
  const negB = storage(x.dtype, n, true);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < row; j++) {
      a[o * row + j] = x.data[o * 2 * row + j];
      negB[o * row + j] = -x.data[o * 2 * row + row + j];
    }
  }
  const e = rowwise("exp", negB, row, x.dtype);
  const out = storage(x.dtype, n, true);
  for (let i = 0; i < n; i++) out[i] = r(a[i] * r(1 / r(1 + e[i])));
  const shape = x.shape.map((s, i) => (i === d ? s / 2 : s));
  return track(new PTensor(x.dtype, shape, out), "GluBackward0", [x0], (g) => {
    const gg = cast(g, x.dtype);
    for (let i = 0; i < n; i++) negB[i] = -negB[i];
    const s = rowwise("sigmoid", negB, row, x.dtype);
    const gi = storage(x.dtype, x.numel, true);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < row; j++) {
        const k = o * row + j;
        gi[o * 2 * row + j] = r(s[k] * gg.data[k]);
        gi[o * 2 * row + row + j] = r(r(r(r(1 - s[k]) * s[k]) * a[k]) * gg.data[k]);
      }
    }
    return [new PTensor(x.dtype, x.shape.slice(), gi)];
  });
}

/**
 * F.prelu(input, weight): x where x > 0, else weight * x (one weight, or one per channel: dim 1). Its backward:
 * grad or weight * grad; the weight's grad sums x * grad over x <= 0 per channel (1.13 PreluBackward0, 2.x
 * PreluKernelBackward0).
 */
export function prelu(x: PTensor, w: PTensor): PTensor {
  if (w.ndim > 1) throw versionedError("RuntimeError", `prelu: Expected \`weight\` to be a scalar or 1D tensor, but got ndim = ${w.ndim}`);
  const channels = x.ndim >= 2 ? x.shape[1] : 1;
  if (w.numel !== 1 && w.numel !== channels) {
    throw new PyError("RuntimeError", `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${w.numel} and channel size = ${channels}.`);
  }
  if (w.dtype !== x.dtype) throw new PyError("RuntimeError", evalTorch().preluDtypes(dtypeName(x.dtype), dtypeName(w.dtype)));
  floatOnly(x, "prelu_cpu");
  const dtype = x.dtype;
  const r = rounder(dtype);
  const wd = cast(w, dtype).data;
  const inner = x.ndim > 2 ? x.shape.slice(2).reduce((p, q) => p * q, 1) : 1;
  const ch = w.numel === 1 ? () => 0 : (i: number) => Math.floor(i / inner) % channels;
  const out = storage(dtype, x.numel, true);
  for (let i = 0; i < x.numel; i++) out[i] = x.data[i] > 0 ? x.data[i] : r(wd[ch(i)] * x.data[i]);
  return track(new PTensor(dtype, x.shape.slice(), out), evalTorch().preluGradFn, [x, w], (g) => {
    const gg = cast(g, dtype);
    const gi = storage(dtype, x.numel, true);
    const coll = storage(dtype, x.numel, true);
    for (let i = 0; i < x.numel; i++) {
      const pos = x.data[i] > 0;
      gi[i] = pos ? gg.data[i] : r(wd[ch(i)] * gg.data[i]);
      coll[i] = pos ? 0 : r(x.data[i] * gg.data[i]);
    }
    const c = new PTensor(dtype, x.shape.slice(), coll);
    // All of it for one weight; over every dim but the channels' for one per channel.
    const dims = x.shape.map((_, i) => i).filter((i) => w.numel === 1 || i !== 1);
    const gw = x.ndim === 0 ? c : reduceDims(c, dims, false, "sum");
    return [new PTensor(dtype, x.shape.slice(), gi), reshape(gw, w.shape)];
  });
}
