// F.layer_norm and F.group_norm as ATen's CPU kernels compute them (layer_norm_kernel.cpp, group_norm_kernel.cpp):
// each row's (group's) moments by RowwiseMoments, rstd = 1 / sqrt(var + eps) in the dtype, the affine output and
// NativeLayerNormBackward0 / NativeGroupNormBackward0 with each version's fused steps (moments.ts).
import { budget } from "../budget";
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { PTensor, storage, type TDtype } from "./core";
import { arith, laneSum, rowwiseMoments, type Arith } from "./moments";

const v2 = () => evalTorch().normKernels === "2.x";

function checkAffine(t: PTensor | null, dtype: TDtype, what: string): void {
  if (t && t.dtype !== dtype) throw new PyError("RuntimeError", `expected scalar type ${dtype === "float32" ? "Float" : "Double"} but found ${t.dtype === "float32" ? "Float" : t.dtype === "float64" ? "Double" : "Long"}`);
  void what;
}

/** F.layer_norm(x, normalized_shape, weight, bias, eps). */
export function layerNorm(x: PTensor, shape: number[], w: PTensor | null, b: PTensor | null, eps: number): PTensor {
  const k = shape.length;
  const tail = x.shape.slice(x.ndim - k);
  const shapeStr = `[${shape.join(", ")}]`;
  if (k === 0) throw new PyError("RuntimeError", "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []");
  if (w && (w.ndim !== k || w.shape.some((s, i) => s !== shape[i]))) throw new PyError("RuntimeError", `Expected weight to be of same shape as normalized_shape, but got weight of shape [${w.shape.join(", ")}] and normalized_shape = ${shapeStr}`);
  if (b && (b.ndim !== k || b.shape.some((s, i) => s !== shape[i]))) throw new PyError("RuntimeError", `Expected bias to be of same shape as normalized_shape, but got bias of shape [${b.shape.join(", ")}] and normalized_shape = ${shapeStr}`);
  if (x.ndim < k || tail.some((s, i) => s !== shape[i])) {
    throw new PyError("RuntimeError", `Given normalized_shape=${shapeStr}, expected input with shape [*, ${shape.join(", ")}], but got input of size[${x.shape.join(", ")}]`);
  }
  if (!x.isFloat) throw versionedError("RuntimeError", `"LayerNormKernelImpl" not implemented for '${x.dtype === "int64" ? "Long" : "Bool"}'`);
  checkAffine(w, x.dtype, "weight");
  checkAffine(b, x.dtype, "bias");
  const N = shape.reduce((p, q) => p * q, 1);
  const M = N ? x.numel / N : 0;
  budget().charge(3 * x.numel);
  const a = arith(x.dtype);
  const { r } = a;
  const y = storage(x.dtype, x.numel, true);
  const mean = new Float64Array(M);
  const rstd = new Float64Array(M);
  const X = x.data;
  const W = w?.data;
  const B = b?.data;
  const newer = v2();
  const epsT = r(eps);
  for (let i = 0; i < M; i++) {
    const [mu, v] = rowwiseMoments(X, i * N, N, a, newer);
    const rs = r(1 / r(Math.sqrt(r(v + epsT))));
    mean[i] = mu;
    rstd[i] = rs;
    const bias = r(-rs * mu);
    for (let j = 0, o = i * N; j < N; j++, o++) {
      const g = W ? W[j] : 1;
      const be = B ? B[j] : 0;
      // 1.13: (x · rstd + (-rstd · mean)) · gamma + beta, both fused; 2.x: (x - mean) · rstd, fused into gamma / beta.
      y[o] = newer ? a.fma(r(r(X[o] - mu) * rs), g, be) : a.fma(a.fma(X[o], rs, bias), g, be);
    }
  }
  const out = new PTensor(x.dtype, x.shape.slice(), y);
  return track(out, "NativeLayerNormBackward0", [x, w, b], (gy) => layerNormBackward(gy, x, w, b, mean, rstd, M, N, a, newer));
}

function layerNormBackward(gy: PTensor, x: PTensor, w: PTensor | null, b: PTensor | null, mean: Float64Array, rstd: Float64Array, M: number, N: number, a: Arith, newer: boolean): (PTensor | null)[] {
  budget().charge(4 * x.numel);
  const { r } = a;
  const dY = gy.data;
  const X = x.data;
  const G = w?.data;
  const scale = r(1 / N);
  const dx = x.requiresGrad ? storage(x.dtype, x.numel, true) : null;
  const dg = w?.requiresGrad ? new Float64Array(N) : null;
  const db = b?.requiresGrad ? new Float64Array(N) : null;
  for (let i = 0; i < M; i++) {
    const o = i * N;
    const ai = rstd[i];
    const mu = mean[i];
    if (dg) {
      const bi = r(-ai * mu);
      for (let j = 0; j < N; j++) dg[j] = a.fma(dY[o + j], a.fma(ai, X[o + j], bi), dg[j]);
    }
    if (db) for (let j = 0; j < N; j++) db[j] = r(db[j] + dY[o + j]);
    if (!dx) continue;
    // ds = Σ dy · x · gamma, dsum = Σ dy · gamma as vector row sums: 1.13 fuses each step, 2.x only the last partial vector.
    const fusedStep = (p: (j: number) => number, q: (j: number) => number) => (acc: number, j: number) => a.fma(p(j), q(j), acc);
    const dyx = (j: number) => r(dY[o + j] * X[o + j]);
    const prod = G ? (j: number) => r(dyx(j) * G[j]) : dyx;
    const dyg = G ? (j: number) => r(dY[o + j] * G[j]) : (j: number) => dY[o + j];
    const dsFused = G ? fusedStep(dyx, (j) => G[j]) : fusedStep((j) => dY[o + j], (j) => X[o + j]);
    const dbFused = G ? fusedStep((j) => dY[o + j], (j) => G[j]) : (acc: number, j: number) => r(acc + dY[o + j]);
    const plain = (p: (j: number) => number) => (acc: number, j: number) => r(acc + p(j));
    const ds = laneSum(N, a, prod, newer ? plain(prod) : dsFused, dsFused);
    const dsum = laneSum(N, a, dyg, newer ? plain(dyg) : dbFused, dbFused);
    const bb = r(r(r(r(a.fma(dsum, mu, -ds) * ai) * ai) * ai) * scale);
    const c = a.fma(-bb, mu, -r(r(dsum * ai) * scale));
    for (let j = 0; j < N; j++) {
      const ady = G ? r(r(ai * dY[o + j]) * G[j]) : r(ai * dY[o + j]);
      dx[o + j] = r(a.fma(bb, X[o + j], ady) + c);
    }
  }
  const vec = (d: Float64Array | null, like: PTensor | null) => {
    if (!d || !like) return null;
    const s = storage(like.dtype, d.length, true);
    s.set(d);
    return new PTensor(like.dtype, like.shape.slice(), s);
  };
  return [dx ? new PTensor(x.dtype, x.shape.slice(), dx) : null, vec(dg, w), vec(db, b)];
}

/** F.group_norm(x, num_groups, weight, bias, eps): x (N, C, *). */
export function groupNorm(x: PTensor, groups: number, w: PTensor | null, b: PTensor | null, eps: number): PTensor {
  if (x.ndim < 2) throw new PyError("RuntimeError", `Expected at least 2 dimensions for input tensor but received ${x.ndim}`);
  const [n, C] = x.shape;
  if (C % groups !== 0) throw new PyError("RuntimeError", `Expected number of channels in input to be divisible by num_groups, but got input of shape [${x.shape.join(", ")}] and num_groups=${groups}`);
  if (w && (w.ndim !== 1 || w.numel !== C)) throw new PyError("RuntimeError", `Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [${w.shape.join(", ")}] and input of shape [${x.shape.join(", ")}]`);
  if (b && (b.ndim !== 1 || b.numel !== C)) throw new PyError("RuntimeError", `Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape [${b.shape.join(", ")}] and input of shape [${x.shape.join(", ")}]`);
  if (!x.isFloat) throw versionedError("RuntimeError", `"GroupNormKernelImpl" not implemented for '${x.dtype === "int64" ? "Long" : "Bool"}'`);
  checkAffine(w, x.dtype, "weight");
  checkAffine(b, x.dtype, "bias");
  const HxW = C ? x.numel / (n * C) || 0 : 0;
  const D = C / groups;
  const rowLen = D * HxW;
  const rows = n * groups;
  budget().charge(3 * x.numel);
  const a = arith(x.dtype);
  const { r } = a;
  const newer = v2();
  const X = x.data;
  const W = w?.data;
  const B = b?.data;
  const y = storage(x.dtype, x.numel, true);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  const epsT = r(eps);
  for (let i = 0; i < rows; i++) {
    const o = i * rowLen;
    const [mu, v] = rowwiseMoments(X, o, rowLen, a, newer);
    const rs = r(1 / r(Math.sqrt(r(Math.max(v, 0) + epsT))));
    mean[i] = mu;
    rstd[i] = rs;
    if (!W && !B) {
      for (let j = 0; j < rowLen; j++) y[o + j] = r(r(X[o + j] - mu) * rs);
      continue;
    }
    const g = i % groups;
    for (let d = 0; d < D; d++) {
      const c = g * D + d;
      const sc = r(rs * (W ? W[c] : 1));
      const bi = a.fma(-sc, mu, B ? B[c] : 0);
      for (let k = 0, p = o + d * HxW; k < HxW; k++, p++) y[p] = a.fma(sc, X[p], bi);
    }
  }
  const out = new PTensor(x.dtype, x.shape.slice(), y);
  return track(out, "NativeGroupNormBackward0", [x, w, b], (gy) => groupNormBackward(gy, x, w, b, mean, rstd, { n, C, HxW, groups }, a, newer));
}

function groupNormBackward(gy: PTensor, x: PTensor, w: PTensor | null, b: PTensor | null, mean: Float64Array, rstd: Float64Array, s: { n: number; C: number; HxW: number; groups: number }, a: Arith, newer: boolean): (PTensor | null)[] {
  budget().charge(4 * x.numel);
  const { r } = a;
  const { n, C, HxW, groups } = s;
  const D = C / groups;
  const dY = gy.data;
  const X = x.data;
  const G = w?.data;
  // Per (sample, channel): ds = Σ dy · x, db = Σ dy (ComputeInternalGradients, vector row sums).
  const ds = new Float64Array(n * C);
  const dbs = new Float64Array(n * C);
  for (let nc = 0; nc < n * C; nc++) {
    const o = nc * HxW;
    const fused = (acc: number, j: number) => a.fma(dY[o + j], X[o + j], acc);
    const prod = (j: number) => r(dY[o + j] * X[o + j]);
    ds[nc] = laneSum(HxW, a, prod, newer ? (acc, j) => r(acc + prod(j)) : fused, fused);
    dbs[nc] = laneSum(HxW, a, (j) => dY[o + j], (acc, j) => r(acc + dY[o + j]));
  }
  const sInv = r(1 / (D * HxW));
  const dx = x.requiresGrad ? storage(x.dtype, x.numel, true) : null;
  if (dx) {
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const ng = i * groups + g;
        const base = i * C + g * D;
        const fusedS = (acc: number, d: number) => a.fma(ds[base + d], G ? G[g * D + d] : 1, acc);
        const fusedB = (acc: number, d: number) => a.fma(dbs[base + d], G ? G[g * D + d] : 1, acc);
        const pS = (d: number) => r(ds[base + d] * (G ? G[g * D + d] : 1));
        const pB = (d: number) => r(dbs[base + d] * (G ? G[g * D + d] : 1));
        const dsv = laneSum(D, a, pS, newer ? (acc, d) => r(acc + pS(d)) : fusedS, fusedS);
        const dbv = laneSum(D, a, pB, newer ? (acc, d) => r(acc + pB(d)) : fusedB, fusedB);
        const rs = rstd[ng];
        const mu = mean[ng];
        const c2 = r(r(r(r(a.fma(dbv, mu, -dsv) * rs) * rs) * rs) * sInv);
        const c3 = a.fma(-c2, mu, -r(r(dbv * rs) * sInv));
        for (let d = 0; d < D; d++) {
          const c1 = r(rs * (G ? G[g * D + d] : 1));
          for (let k = 0, p = (base + d) * HxW; k < HxW; k++, p++) dx[p] = r(a.fma(c2, X[p], r(c1 * dY[p])) + c3);
        }
      }
    }
  }
  let dg: PTensor | null = null;
  let db: PTensor | null = null;
  if (w?.requiresGrad) {
    const d = storage(w.dtype, C, true);
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        const ng = i * groups + Math.floor(c / D);
        acc = a.fma(r(ds[i * C + c] - r(dbs[i * C + c] * mean[ng])), rstd[ng], acc);
      }
      d[c] = acc;
    }
    dg = new PTensor(w.dtype, w.shape.slice(), d);
  }
  if (b?.requiresGrad) {
    const d = storage(b.dtype, C, true);
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc = r(acc + dbs[i * C + c]);
      d[c] = acc;
    }
    db = new PTensor(b.dtype, b.shape.slice(), d);
  }
  return [dx ? new PTensor(x.dtype, x.shape.slice(), dx) : null, dg, db];
}
