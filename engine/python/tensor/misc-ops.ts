// Small ops real loss code calls, composed from the library's ops as ATen composes them (so their grad_fn names
// are PyTorch's): diff, narrow, ravel, tile, take_along_dim, sgn / signbit, exp2, fmax / fmin, nansum / nanmean,
// logspace.
import { PyError, Unsupported } from "../errors";
import { glibcExp2f, sleefExp2f } from "../special/exp2";
import { evalTorch, versionedError } from "../version";
import { track, withNoGrad } from "./autograd";
import { broadcastShapes, dtypeName, fromArray, map, normDim, PTensor, resultType, cast, storage, type TDtype } from "./core";
import { binary, zipWith } from "./elementwise";
import { getIndex } from "./indexing";
import { sum } from "./reduce";
import { expand, gather, reduceDims, repeat } from "./select";
import { broadcastTo, concat, contiguous, reduceTo, reshape } from "./shape";

/** narrow(dim, start, length): a slice view (SliceBackward0). 1.13's words; versions.ts rewrites 2.x's. */
export function narrow(t: PTensor, dim: number, start: number, length: number): PTensor {
  if (t.ndim === 0) throw new PyError("RuntimeError", "narrow() cannot be applied to a 0-dim tensor.");
  const d = normDim(dim, t.ndim);
  const size = t.shape[d];
  if (start !== size && (start < -size || start >= size)) {
    const own = evalTorch().narrowStartCheck === "own";
    throw new PyError("IndexError", `${own ? "start" : "Dimension"} out of range (expected to be in range of [${-size}, ${own ? size : size - 1}], but got ${start})`);
  }
  const s = start < 0 ? start + size : start;
  if (length < 0 || s + length > size) throw versionedError("RuntimeError", `start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return getIndex(t, [...new Array<{ k: "slice"; start: null; stop: null; step: null }>(d).fill({ k: "slice", start: null, stop: null, step: null }), { k: "slice", start: s, stop: s + length, step: null }]);
}

/**
 * diff(input, n=1, dim=-1, prepend=None, append=None): prepend / append concatenated, then n differences of
 * narrowed neighbours (sub, or logical_xor for bool); n beyond the size stops at an empty dim.
 */
export function diff(t: PTensor, n: number, dim: number, prepend: PTensor | null, append: PTensor | null): PTensor {
  if (t.ndim === 0) throw new PyError("RuntimeError", "diff expects input to be at least one-dimensional");
  if (n < 0) {
    if (evalTorch().diffNegativeOrder === "input") return t;
    throw new PyError("RuntimeError", `order must be non-negative but got ${n}`);
  }
  const d = normDim(dim, t.ndim);
  for (const o of [prepend, append]) {
    if (!o) continue;
    if (o.ndim !== t.ndim) throw new PyError("RuntimeError", "diff expects prepend or append to be the same dimension as input");
    for (let i = 0; i < t.ndim; i++) {
      if (i !== d && o.shape[i] !== t.shape[i]) {
        throw new PyError("RuntimeError", `diff expects the shape of tensor to prepend or append to match that of input except along the differencing dimension; input.size(${i}) = ${t.shape[i]}, but got tensor.size(${i}) = ${o.shape[i]}`);
      }
    }
  }
  let r = prepend || append ? concat([prepend, t, append].filter((x): x is PTensor => x !== null), d, false) : t;
  if (n === 0) {
    if (r.requiresGrad) throw new Unsupported("diff with n=0 of a tensor that requires grad");
    return withNoGrad(() => contiguous(reshape(r, r.shape.slice())));
  }
  let len = r.shape[d] - 1;
  for (let i = 0; i < Math.min(n, r.shape[d] + i); i++) {
    // The subtrahend's slice first (GCC evaluates the call's arguments right to left): the graph's order.
    const lo = narrow(r, d, 0, len);
    const hi = narrow(r, d, 1, len);
    r = r.dtype === "bool" ? zipWith(hi, lo, hi.shape.slice(), "bool", (a, b) => (!a !== !b ? 1 : 0)) : binary("-", hi, lo);
    if (len === 0) break;
    len--;
  }
  return r;
}

/** ravel(): contiguous().view(-1). */
export function ravel(t: PTensor): PTensor {
  return reshape(contiguous(t), [t.numel], "ViewBackward0");
}

/** tile(dims): repeat with dims padded with leading ones to the tensor's rank. */
export function tile(t: PTensor, reps: number[]): PTensor {
  const full = [...new Array<number>(Math.max(t.ndim - reps.length, 0)).fill(1), ...reps];
  const shape = [...new Array<number>(Math.max(full.length - t.ndim, 0)).fill(1), ...t.shape].map((n, i) => n * full[i]);
  const neg = shape.find((n) => n < 0);
  if (neg !== undefined) throw new PyError("RuntimeError", `Trying to create tensor with negative dimension ${neg}: [${shape.join(", ")}]`);
  return repeat(t, full);
}

/** take_along_dim(input, indices, dim=None): both broadcast but along dim, then gather (GatherBackward0). */
export function takeAlongDim(t: PTensor, idx: PTensor, dim: number | null): PTensor {
  if (idx.dtype !== "int64") throw new PyError("RuntimeError", `torch.take_along_dim(): dtype of indices should be Long but got ${dtypeName(idx.dtype)}`);
  if (dim === null) return gather(reshape(t, [t.numel], "ViewBackward0"), 0, reshape(idx, [idx.numel], "ViewBackward0"));
  if (t.ndim !== idx.ndim) {
    throw new PyError("RuntimeError", `torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${t.ndim} dimensions for input, and ${idx.ndim} dimensions for indices`);
  }
  const d = normDim(dim, t.ndim);
  const withDim = (s: number[], n: number) => s.map((v, i) => (i === d ? n : v));
  const ishape = broadcastShapes(withDim(t.shape, idx.shape[d]), idx.shape);
  const tshape = broadcastShapes(withDim(t.shape, t.shape[d]), withDim(idx.shape, t.shape[d]));
  const ib = broadcastTo(idx, ishape);
  const tb = t.shape.every((s, i) => s === tshape[i]) ? t : expand(t, tshape);
  if (!evalTorch().takeAlongDimChecksBounds && ib.data.some((v) => v < -tb.shape[d] || v >= tb.shape[d])) throw new Unsupported("take_along_dim with an index out of range (PyTorch 2.x reads past the input)");
  return gather(tb, d, ib);
}

/** sgn for real tensors: sign, but NaN gives 0; SgnBackward0 (a zero gradient). */
export function sgn(t: PTensor): PTensor {
  const r = withNoGrad(() => map(t, t.dtype, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)));
  return track(r, "SgnBackward0", [t], (g) => [map(g, g.dtype, () => 0)]);
}

/** signbit: the sign bit (-0.0 has it), a bool tensor. */
export function signbit(t: PTensor): PTensor {
  return map(t, "bool", (x) => (x < 0 || Object.is(x, -0) ? 1 : 0));
}

/**
 * exp2: 2 ** x (integers promote to float32): float32 as ATen's kernel computes it (versions.ts: exp2Sleef; the
 * vector part whole chunks of 16), float64 by Math.pow (within an ulp); Exp2Backward0: grad * result * ln 2.
 */
export function exp2(t: PTensor): PTensor {
  const dtype: TDtype = t.isFloat ? t.dtype : "float32";
  let r: PTensor;
  if (dtype === "float64") r = map(t, dtype, (x) => Math.pow(2, x));
  else {
    const vecEnd = evalTorch().exp2Sleef ? t.numel - (t.numel % 16) : 0;
    r = map(t, dtype, (x, i) => (i! < vecEnd ? sleefExp2f(x) : glibcExp2f(x)));
  }
  return track(r, "Exp2Backward0", [t], (g) => [binary("*", binary("*", g, r), { value: Math.LN2, kind: "float" })]);
}

/** fmax / fmin: the larger / smaller, NaN only where both are; the gradient to self where self wins or other is NaN. */
export function fextreme(a: PTensor, b: PTensor, which: "max" | "min"): PTensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const dtype = resultType(a, b);
  const pick = (x: number, y: number) => (Number.isNaN(y) ? true : which === "max" ? x >= y : x <= y);
  const out = zipWith(cast(a, dtype), cast(b, dtype), shape, dtype, (x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : pick(x, y) ? x : y));
  return track(out, which === "max" ? "FmaxBackward0" : "FminBackward0", [a, b], (g) => {
    const self = zipWith(broadcastTo(a, shape), broadcastTo(b, shape), shape, "bool", (x, y) => (pick(x, y) ? 1 : 0));
    const ga = zipWith(g, self, shape, g.dtype, (v, s) => (s ? v : 0));
    const gb = zipWith(g, self, shape, g.dtype, (v, s) => (s ? 0 : v));
    return [reduceTo(ga, a.shape), reduceTo(gb, b.shape)];
  });
}

/** nansum(dim=None, keepdim=False): sum with NaN counted as zero (ATen's summation order); NansumBackward0. */
export function nansum(t: PTensor, dims: number[] | null, keepdim: boolean): PTensor {
  const z = map(t, t.dtype, (x) => (Number.isNaN(x) ? 0 : x));
  const out = withNoGrad(() => (dims === null ? sum(z, null, keepdim) : reduceDims(z, dims, keepdim, "sum")));
  const ds = dims === null || dims.length === 0 ? t.shape.map((_, i) => i) : dims.map((d) => normDim(d, t.ndim));
  return track(out, "NansumBackward0", [t], (g) => {
    const e = broadcastTo(reshape(g, t.shape.map((s, i) => (ds.includes(i) ? 1 : s))), t.shape);
    return [map(e, g.dtype, (v, i) => (Number.isNaN(t.data[i!]) ? 0 : v))];
  });
}

/** nanmean's input check (before any dtype=): 1.13's words; versions.ts rewrites 2.x's. */
export function nanmeanInput(t: PTensor): void {
  if (!t.isFloat) throw versionedError("RuntimeError", `nanmean(): expected input to have floating point dtype but got ${dtypeName(t.dtype)}`);
}

/** nanmean: nansum / the count of non-NaN elements (DivBackward0). */
export function nanmean(t: PTensor, dims: number[] | null, keepdim: boolean): PTensor {
  nanmeanInput(t);
  const notNan = map(t, "bool", (x) => (Number.isNaN(x) ? 0 : 1));
  const count = dims === null ? sum(notNan, null, keepdim) : reduceDims(notNan, dims, keepdim, "sum");
  return binary("/", nansum(t, dims, keepdim), count);
}

/**
 * logspace(start, end, steps, base=10.0) as ATen's CPU kernel: start and end in the dtype, the step in double from
 * their difference in the dtype, base ** (start + step * i) in double for the first half, base ** (end - step *
 * (steps - 1 - i)) for the rest; one element: base ** start.
 */
export function logspace(start: number, end: number, steps: number, base: number, dtype: TDtype): PTensor {
  if (steps < 0) throw new PyError("RuntimeError", "number of steps must be non-negative");
  if (dtype !== "float32" && dtype !== "float64") throw new Unsupported(`logspace with dtype ${dtypeName(dtype)}`);
  const r = dtype === "float32" ? Math.fround : (x: number) => x;
  const out = storage(dtype, steps, true);
  if (steps === 1) out[0] = Math.pow(base, start);
  else if (steps > 1) {
    const [s, e] = [r(start), r(end)];
    const step = r(e - s) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) out[i] = Math.pow(base, i < half ? s + step * i : e - step * (steps - i - 1));
  }
  return fromArray(dtype, [steps], out);
}
