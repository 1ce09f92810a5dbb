// Reductions (sum, mean, max / min, arg max / min) and the softmax family, in ATen's summation order.
import { budget } from "../budget";
import { innerSum, outerSum } from "../../api/atensum";
import { PyError } from "../errors";
import { evalTorch } from "../version";
import { softmaxBackward, softmaxForward, type Arrays } from "../atensoftmax";
import { track, withNoGrad } from "./autograd";
import { cast, dtypeName, full, sumDtype, map, normDim, PTensor, recycle, scalarTensor, splitAt, storage, type Storage } from "./core";
import { binary, mathOf, unary } from "./elementwise";
import { extremeDim, reduceDims } from "./select";
import { broadcastGrad, sumGrad } from "./expand";
import { reshape } from "./shape";
import { wasmLogSoftmaxGrad, wasmRowSums, wasmSoftmaxRows } from "./wasm";

/** Sum over one dimension (no autograd; used by reduceTo and the ops below), in ATen's order for floats. */
export function sumDim(t: PTensor, d: number, keepdim: boolean): PTensor {
  budget().charge(t.numel);
  const { outer, size, inner } = splitAt(t.shape, d);
  const shape = t.shape.slice();
  if (keepdim) shape[d] = 1;
  else shape.splice(d, 1);
  const dtype = sumDtype(t.dtype);
  const float = dtype === "float32" || dtype === "float64";
  // Every row at once in the kernels (the same order, the sums in storage of their own); the JS below when they do
  // not apply.
  const rows = float && inner === 1 && outer > 0 ? wasmRowSums(t, outer, size) : null;
  if (rows) return new PTensor(dtype, shape, rows);
  const out = storage(dtype, outer * inner);
  const src = t.data;
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    if (!float) {
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

/** out, its node (if any) saying that its backward reads no tensor's values, only shapes (GradFn.reads). */
function readsNoValues(out: PTensor): PTensor {
  if (out.gradFn) out.gradFn.reads = [];
  return out;
}

export function sum(t: PTensor, dim: number | null, keepdim = false): PTensor {
  budget().charge(t.numel);
  if (dim === null) {
    const dtype = sumDtype(t.dtype);
    const d = t.data;
    let s = 0;
    if (dtype === "float32" || dtype === "float64") s = wasmRowSums(t, 1, d.length)?.[0] ?? innerSum(d.length, (i) => d[i], dtype);
    else for (let i = 0; i < d.length; i++) s += d[i];
    const out = scalarTensor(s, dtype);
    out.numpy = t.numpy;
    if (keepdim) out.shape = t.shape.map(() => 1);
    return readsNoValues(track(out, "SumBackward0", [t], (g) => [sumGrad(g, t.shape, null)]));
  }
  const d = normDim(dim, t.ndim);
  if (t.ndim === 0) return track(cast(t, sumDtype(t.dtype)), "SumBackward1", [t], (g) => [g]);
  const out = sumDim(t, d, keepdim);
  return readsNoValues(track(out, "SumBackward1", [t], (g) => [sumGrad(g, t.shape, d)]));
}

export function mean(t: PTensor, dim: number | null, keepdim = false): PTensor {
  if (!t.isFloat) {
    throw new PyError("RuntimeError", `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${dtypeName(t.dtype)}`);
  }
  if (dim === null) {
    const s = withNoGrad(() => sum(t, null, keepdim));
    const out = map(s, t.dtype, (x) => x / t.numel);
    // g / numel, then expanded: the same quotient in every element, computed once.
    return readsNoValues(track(out, "MeanBackward0", [t], (g) => [broadcastGrad(binary("/", g, { value: t.numel, kind: "int" }), t.shape, null)]));
  }
  const d = normDim(dim, t.ndim);
  const n = t.shape[d] ?? 1;
  const s = t.ndim === 0 ? t : sumDim(t, d, keepdim);
  const out = map(s, t.dtype, (x) => x / n);
  return readsNoValues(
    track(out, "MeanBackward1", [t], (g) => {
      const q = binary("/", g, { value: n, kind: "int" });
      return [t.ndim === 0 ? q : broadcastGrad(q, t.shape, d)];
    }),
  );
}

/** max()/min() over all elements. */
export function extreme(t: PTensor, which: "max" | "min"): PTensor {
  budget().charge(t.numel);
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
  budget().charge(t.numel);
  let at = 0;
  for (let i = 1; i < t.numel; i++) if (which === "max" ? t.data[i] > t.data[at] : t.data[i] < t.data[at]) at = i;
  return scalarTensor(at, "int64");
}

// ---------------------------------------------------------------- softmax family

/** softmax's result in the evaluator's storage, its dead temporaries recycled. */
const SOFTMAX_ARRAYS: Arrays = {
  alloc: (like, n) => storage(like instanceof Float32Array ? "float32" : "float64", n, true),
  done: recycle,
};

export function softmax(t: PTensor, dim: number, log: boolean): PTensor {
  const src = t.isFloat ? t : cast(t, "float32");
  const d = normDim(dim, t.ndim);
  const { outer, size, inner } = splitAt(t.shape, d);
  // Over the last dim in the kernels (the same order), else atensoftmax's JS.
  const rows = inner === 1 ? wasmSoftmaxRows(src.data, src.dtype, outer, size, log) : null;
  const r = new PTensor(src.dtype, t.shape.slice(), rows ?? softmaxForward(src.data, outer, size, inner, log, mathOf, SOFTMAX_ARRAYS));
  return track(r, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [t], (g) => {
    const gd = cast(g, r.dtype).data;
    // log_softmax over the last dim: exp(y) as ATen's vec::map, the rest in the kernels; else atensoftmax's JS.
    let fast: Storage | null = null;
    if (log && inner === 1) {
      const e = mathOf("exp", r.data);
      fast = wasmLogSoftmaxGrad(gd, e, r.dtype, outer, size);
      recycle(e);
    }
    return [new PTensor(r.dtype, r.shape.slice(), fast ?? softmaxBackward(gd, r.data, outer, size, inner, log, mathOf, evalTorch().softmaxBackwardFused))];
  });
}

/** PyTorch's choice of dim when softmax is called without one (with a deprecation warning). */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/**
 * torch.logsumexp(t, dims, keepdim) as ATen composes it: the max over dims (0 where infinite), exp(t - max)
 * summed, its log plus the max; one node, LogsumexpBackward0: grad * exp(t - result). Integers become float32.
 */
export function logsumexp(t: PTensor, dims: number[], keepdim: boolean): PTensor {
  const x = t.isFloat ? t : cast(t, "float32");
  dims.forEach((d) => normDim(d, x.ndim));
  const ds = dims.length && x.ndim ? [...new Set(dims.map((d) => normDim(d, x.ndim)))].sort((a, b) => a - b) : x.shape.map((_, i) => i);
  const kept = x.shape.map((s, i) => (ds.includes(i) ? 1 : s));
  // An empty input: ATen's sum(exp(self)).log() (no max to subtract), -inf where a sum is empty.
  if (x.numel === 0) return unary("log", ds.length === 1 ? sum(unary("exp", x), ds[0], keepdim) : reduceDims(unary("exp", x), ds, keepdim, "sum"));
  const out = withNoGrad(() => {
    let m = x;
    for (const d of ds) m = extremeDim(m, d, true, "max")[0];
    const max = map(m, m.dtype, (v) => (Math.abs(v) === Infinity ? 0 : v));
    const e = unary("exp", binary("-", x, max));
    const s = ds.length === 1 ? sum(e, ds[0], keepdim) : reduceDims(e, ds, keepdim, "sum");
    return binary("+", unary("log", s), reshape(max, s.shape));
  });
  return track(out, "LogsumexpBackward0", [x], (g) => [binary("*", reshape(g, kept), unary("exp", binary("-", x, reshape(out, kept))))]);
}
