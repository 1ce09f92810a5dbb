// F.batch_norm as ATen's CPU kernels compute it (Normalization.cpp, batch_norm_kernel.cpp): in training the batch
// statistics per channel (the mean from a double sum, the squared deviations summed in double; an (N, C) input takes the
// channels-last kernel's float sums), invstd = 1 / sqrt(var + eps), running_mean / running_var moved by momentum
// with the unbiased variance; in evaluation the running statistics. The output is x · alpha + beta per channel
// (alpha = invstd · weight, beta = bias - mean · alpha, both fused). NativeBatchNormBackward0 as
// batch_norm_cpu_backward: the channel's Σ dy and Σ (x - mean) · dy, then dx. Measured against both versions.
import { budget } from "../budget";
import { PyError } from "../errors";
import { evalTorch, versionedError } from "../version";
import { track } from "./autograd";
import { PTensor, storage } from "./core";
import { arith, laneSum } from "./moments";

export interface BatchNormOptions {
  training: boolean;
  momentum: number;
  eps: number;
}

/** F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps); updates the running stats in place. */
export function batchNorm(x: PTensor, rm: PTensor | null, rv: PTensor | null, w: PTensor | null, b: PTensor | null, o: BatchNormOptions): PTensor {
  if (x.ndim < 2) throw new PyError("RuntimeError", `running_mean should contain ${x.ndim ? 1 : 0} elements not ${rm?.numel ?? 0}`);
  const [nb, C] = x.shape;
  for (const [t, name] of [[rm, "running_mean"], [rv, "running_var"], [w, "weight"], [b, "bias"]] as const) {
    if (t && t.numel !== C) throw new PyError("RuntimeError", `${name} should contain ${C} elements not ${t.numel}`);
  }
  if (!o.training && !rm) throw new PyError("RuntimeError", "running_mean must be defined in evaluation mode");
  if (!o.training && !rv) throw new PyError("RuntimeError", "running_var must be defined in evaluation mode");
  if (!x.isFloat) throw versionedError("RuntimeError", `"batch_norm" not implemented for '${x.dtype === "int64" ? "Long" : "Bool"}'`);
  const img = nb * C ? x.numel / (nb * C) : 0;
  const N = nb * img;
  budget().charge(3 * x.numel);
  const a = arith(x.dtype);
  const { r } = a;
  const X = x.data;
  const at = (n: number, c: number) => (n * C + c) * img;
  const mean = new Float64Array(C);
  const invstd = new Float64Array(C);
  const epsT = r(o.eps);
  for (let c = 0; c < C; c++) {
    if (!o.training) {
      mean[c] = rm!.data[c];
      invstd[c] = r(1 / r(Math.sqrt(r(rv!.data[c] + epsT))));
      continue;
    }
    // An image of one element is channels-last to the kernel: float sums (the squares fused); else double sums.
    const flat = img === 1;
    let s = 0;
    for (let n = 0; n < nb; n++) for (let p = at(n, c); p < at(n, c) + img; p++) s = flat ? r(s + X[p]) : s + X[p];
    const mu = r(s / N);
    let vs = 0;
    for (let n = 0; n < nb; n++) {
      for (let i = 0, p = at(n, c); i < img; i++, p++) {
        const d = r(X[p] - mu);
        vs = flat ? a.fma(d, d, vs) : vs + r(d * d);
      }
    }
    vs = r(vs);
    mean[c] = mu;
    // The biased variance is stored as the dtype before invstd takes it (with eps as a double).
    invstd[c] = r(1 / Math.sqrt(r(vs / N) + o.eps));
    if (rm) rm.data[c] = r(r(rm.data[c] * r(1 - o.momentum)) + r(mu * r(o.momentum)));
    if (rv) rv.data[c] = a.fma(r(vs / (N - 1)), r(o.momentum), r(rv.data[c] * r(1 - o.momentum)));
  }
  const y = storage(x.dtype, x.numel, true);
  for (let c = 0; c < C; c++) {
    const alpha = r(invstd[c] * (w ? w.data[c] : 1));
    const beta = a.fma(-mean[c], alpha, b ? b.data[c] : 0);
    for (let n = 0; n < nb; n++) for (let i = 0, p = at(n, c); i < img; i++, p++) y[p] = a.fma(X[p], alpha, beta);
  }
  const out = new PTensor(x.dtype, x.shape.slice(), y);
  // The backward's eval-mode invstd is computed again with eps as a double.
  const rvSaved = !o.training && rv ? Float64Array.from(rv.data) : null;
  const newer = evalTorch().normKernels === "2.x";
  return track(out, "NativeBatchNormBackward0", [x, w, b], (gy) => {
    budget().charge(4 * x.numel);
    const dY = gy.data;
    const dx = x.requiresGrad ? storage(x.dtype, x.numel, true) : null;
    const dw = w?.requiresGrad ? storage(w.dtype, C, true) : null;
    const db = b?.requiresGrad ? storage(b.dtype, C, true) : null;
    for (let c = 0; c < C; c++) {
      const mu = mean[c];
      const inv = rvSaved ? r(1 / Math.sqrt(rvSaved[c] + o.eps)) : invstd[c];
      const wc = w ? w.data[c] : 1;
      let sum = 0;
      let dotp = 0;
      for (let n = 0; n < nb; n++) {
        const p = at(n, c);
        if (img === 1) {
          sum = r(sum + dY[p]);
          dotp = a.fma(r(X[p] - mu), dY[p], dotp);
          continue;
        }
        sum += laneSum(img, a, (j) => dY[p + j], (acc, j) => r(acc + dY[p + j]));
        // (x - mean) · dy summed in lanes: fused in 1.13, in 2.x only in the partial last vector (as layer_norm's).
        const fused = (acc: number, j: number) => a.fma(r(X[p + j] - mu), dY[p + j], acc);
        const prod = (j: number) => r(r(X[p + j] - mu) * dY[p + j]);
        dotp += laneSum(img, a, prod, newer ? (acc, j) => r(acc + prod(j)) : fused, fused);
      }
      if (dx) {
        const k = r(r(r(r(dotp) * inv) * inv) / N);
        const gm = r(sum / N);
        for (let n = 0; n < nb; n++) {
          for (let i = 0, p = at(n, c); i < img; i++, p++) {
            dx[p] = o.training ? r(r(a.fma(-r(X[p] - mu), k, r(dY[p] - gm)) * inv) * wc) : r(r(dY[p] * inv) * wc);
          }
        }
      }
      if (dw) dw[c] = r(dotp * inv);
      if (db) db[c] = r(sum);
    }
    return [dx ? new PTensor(x.dtype, x.shape.slice(), dx) : null, dw ? new PTensor(w!.dtype, w!.shape.slice(), dw) : null, db ? new PTensor(b!.dtype, b!.shape.slice(), db) : null];
  });
}
