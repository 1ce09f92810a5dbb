// histc, masked_scatter, addmm / baddbmm, cov / corrcoef: composed from the library's ops as ATen composes them.
// The products (mm, bmm) are the library's, within its tolerance of BLAS's order.
import { PyError, Unsupported } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track, withNoGrad } from "./autograd";
import { binary, clamp, unary } from "./elementwise";
import { broadcastShapes, dtypeName, full, normDim, PTensor, scalarTensor, storage } from "./core";
import { matmul } from "./linalg";
import { bmm } from "./einsum";
import { diagonal } from "./arrange";
import { sum } from "./reduce";
import { broadcastTo, reduceTo, reshape, squeeze, t2d, unsqueeze } from "./shape";
import { permute } from "./select";
import { isIntegral } from "./intdtypes";

/**
 * histc(input, bins=100, min=0, max=0): min == max takes the data's range (widened by 1 each way if still equal);
 * an element's bin is (x - min) * bins / (max - min) truncated in the input's dtype, max in the last bin, others
 * outside (and NaN) left out.
 */
export function histc(t: PTensor, bins: number, min: number, max: number): PTensor {
  if (!t.isFloat) throw versionedError("RuntimeError", `"histogram_cpu" not implemented for '${dtypeName(t.dtype)}'`);
  if (bins <= 0) throw new PyError("RuntimeError", `torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
  const r = t.dtype === "float32" ? Math.fround : (v: number) => v;
  if (min > max) throw new PyError("RuntimeError", "torch.histc: max must be larger than min");
  let [lo, hi] = [r(min), r(max)];
  if (lo === hi && t.numel > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (const v of t.data) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) [lo, hi] = [r(lo - 1), r(hi + 1)];
  const out = full([bins], 0, t.dtype);
  for (const v of t.data) {
    if (!(v >= lo && v <= hi)) continue;
    let pos = Math.trunc(r(r(r(v - lo) * bins) / r(hi - lo)));
    if (pos === bins) pos -= 1;
    out.data[pos] += 1;
  }
  return out;
}

/** masked_scatter(mask, source): source's elements in order where the (broadcast) mask is set; MaskedScatterBackward0. */
export function maskedScatter(t: PTensor, mask: PTensor, src: PTensor): PTensor {
  if (mask.dtype !== "bool") throw new Unsupported(`masked_scatter with a ${dtypeName(mask.dtype)} mask`);
  const shape = broadcastShapes(t.shape, mask.shape);
  const m = broadcastTo(mask, shape);
  const x = broadcastTo(t, shape);
  const out = storage(t.dtype, x.numel, true);
  let k = 0;
  const taken: number[] = [];
  for (let i = 0; i < x.numel; i++) {
    if (!m.data[i]) {
      out[i] = x.data[i];
      continue;
    }
    if (k >= src.numel) throw new PyError("RuntimeError", "Number of elements of source < number of ones in mask");
    out[i] = src.data[k++];
    taken.push(i);
  }
  return track(new PTensor(t.dtype, shape, out), "MaskedScatterBackward0", [t, src], (g) => {
    const gs = storage(g.dtype, src.numel);
    taken.forEach((i, j) => (gs[j] = g.data[i]));
    const gt = storage(g.dtype, g.numel, true);
    for (let i = 0; i < g.numel; i++) gt[i] = m.data[i] ? 0 : g.data[i];
    return [reduceTo(new PTensor(g.dtype, shape, gt), t.shape), new PTensor(g.dtype, src.shape.slice(), gs)];
  });
}

/** beta * input + alpha * product (beta 0: input ignored, as BLAS); the scalings skipped when 1. */
function scaledSum(input: PTensor, prod: PTensor, beta: number, alpha: number): PTensor {
  const p = alpha === 1 ? prod : binary("*", prod, { value: alpha, kind: "float" });
  if (beta === 0) return p;
  const c = broadcastTo(input, prod.shape);
  return binary("+", beta === 1 ? c : binary("*", c, { value: beta, kind: "float" }), p);
}

/** addmm(input, mat1, mat2, beta, alpha) / baddbmm(input, batch1, batch2, beta, alpha): AddmmBackward0 /
 *  BaddbmmBackward0 (input: grad * beta summed to its shape; the factors: alpha * the products' gradients). */
export function addProduct(input: PTensor, a: PTensor, b: PTensor, beta: number, alpha: number, batched: boolean): PTensor {
  if (!batched) {
    if (a.ndim !== 2) throw new PyError("RuntimeError", "mat1 must be a matrix, got " + a.ndim + "-D tensor");
    if (b.ndim !== 2) throw new PyError("RuntimeError", "mat2 must be a matrix, got " + b.ndim + "-D tensor");
  } else {
    // baddbmm expands input to [batch1.size(0), batch1.size(1), batch2.size(2)] before its rank checks.
    normDim(0, a.ndim, false);
    normDim(1, a.ndim, false);
    normDim(2, b.ndim, false);
  }
  const mul = (x: PTensor, y: PTensor) => (batched ? bmm(x, y) : matmul(x, y));
  const tr = (x: PTensor) => (batched ? permute(x, [0, 2, 1]) : t2d(x));
  const out = withNoGrad(() => scaledSum(input, mul(a, b), beta, alpha));
  const scale = (g: PTensor, s: number) => (s === 1 ? g : binary("*", g, { value: s, kind: "float" }));
  return track(out, batched ? "BaddbmmBackward0" : "AddmmBackward0", [input, a, b], (g) =>
    withNoGrad(() => [
      input.requiresGrad ? reduceTo(scale(g, beta), input.shape) : null,
      a.requiresGrad ? scale(mul(g, tr(b)), alpha) : null,
      b.requiresGrad ? scale(mul(tr(a), g), alpha) : null,
    ]),
  );
}

/**
 * cov(input, correction=1, fweights=None, aweights=None) as ATen composes it: rows are variables; the weighted
 * mean, the centred rows' product with themselves, divided by the normalisation and squeezed.
 */
export function cov(t: PTensor, correction: number, fw: PTensor | null, aw: PTensor | null, fn = "cov"): PTensor {
  if (t.ndim > 2) throw new PyError("RuntimeError", `${fn}(): expected input to have two or fewer dimensions but got an input with ${t.ndim} dimensions`);
  if (t.dtype === "bool") throw new PyError("RuntimeError", "cov(): bool dtype is not supported for input");
  let x = t.ndim < 2 ? reshape(t, [1, t.numel], "ViewBackward0") : t;
  const n = x.shape[1];
  for (const [v, name] of [[fw, "fweights"], [aw, "aweights"]] as const) {
    if (!v) continue;
    if (v.ndim > 1) throw new PyError("RuntimeError", `cov(): expected ${name} to have one or fewer dimensions but got ${name} with ${v.ndim} dimensions`);
    if (name === "fweights" ? !isIntegral(v.dtype) : !v.isFloat) {
      throw new PyError("RuntimeError", `cov(): expected ${name} to have ${name === "fweights" ? "integral" : "floating point"} dtype but got ${name} with ${dtypeName(v.dtype)} dtype`);
    }
    if (v.numel !== n) throw new PyError("RuntimeError", `cov(): expected ${name} to have the same numel as there are observations in the input but got ${v.numel} != ${n}`);
    if (n > 0 && v.data.some((e) => !(e >= 0))) throw new PyError("RuntimeError", `cov(): ${name} cannot be negative`);
  }
  if (n === 1 && (fw || aw) && evalTorch().covSingleObservationOverwrites) throw new Unsupported("cov with weights of a single observation (PyTorch 2.x overwrites its input)");
  let w: PTensor | null = fw;
  if (aw) w = w ? binary("*", w, aw) : aw;
  const wSum = w ? sum(w, null) : scalarTensor(n, "int64");
  const avg = binary("/", sum(w ? binary("*", x, w) : x, 1), wSum);
  const norm = w && aw && correction !== 0 ? binary("-", wSum, binary("/", binary("*", sum(binary("*", w, aw), null), { value: correction, kind: "int" }), wSum)) : binary("-", wSum, { value: correction, kind: "int" });
  const nf = norm.data[0] <= 0 ? full([], 0, norm.dtype) : norm;
  x = binary("-", x, unsqueeze(avg, 1));
  const c = matmul(x, t2d(w ? binary("*", x, w) : x));
  return squeeze(binary("/", c, nf), null);
}

/** corrcoef(input): cov divided by the standard deviations both ways, clipped to [-1, 1]. */
export function corrcoef(t: PTensor): PTensor {
  const c = cov(t, 1, null, null, "corrcoef");
  if (c.ndim === 0) return binary("/", c, c);
  const sd = unary("sqrt", diagonal(c, 0, 0, 1));
  const r = binary("/", binary("/", c, reshape(sd, [-1, 1], "ViewBackward0")), reshape(sd, [1, -1], "ViewBackward0"));
  return clamp(r, -1, 1);
}
