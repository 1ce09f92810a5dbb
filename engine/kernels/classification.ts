// CrossEntropyLoss (class indices and class probabilities, label smoothing, class weights) and NLLLoss.
// Layout: input (N, C, D) row-major, D = d1*...*dK (1 for (N, C)); element (n, c, d) at (n*C + c)*D + d.
// Targets (int64 in the engine) arrive as float64 class indices. A "position" is one (n, d): its loss goes to
// out[n*D + d]. Gradients are written for every element (0 where a position is ignored).
import { at } from "./common";
import { expT, logT } from "./scalar-math";

/**
 * Cross entropy with class-index targets, as PyTorch 1.13 computes it (log_softmax, nll_loss, and for
 * label_smoothing ls > 0 the smoothing term -Σ_c w[c]·logp[c] masked at ignored positions):
 *   out[pos] = (1 - ls)·(-w[t]·logp[t]) + ls/C·(-Σ_c w[c]·logp[c])
 * The gradient of a·nll + b·smooth (a, b: the caller's reduction scales) times up[pos] (or 1) goes to gx.
 * res[0] = Σ nll, res[1] = Σ smooth.
 */
@inline function ceIndex<T>(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64,
  up: usize, out: usize, gx: usize, res: usize,
): void {
  let nllSum: f64 = 0;
  let smoothSum: f64 = 0;
  let wsum: T = <T>0;
  if (w) for (let c = 0; c < C; c++) wsum += load<T>(at<T>(w, c));
  else wsum = <T>C;
  const smoothing = ls > 0;
  const ka = <T>(1 - ls);
  const kb = <T>(ls / <f64>C);
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const pos = n * D + d;
      const base = n * C * D + d;
      const t = <i32>load<f64>(at<f64>(tgt, pos));
      if (t == ignore) {
        if (out) store<T>(at<T>(out, pos), <T>0);
        if (gx) for (let c = 0; c < C; c++) store<T>(at<T>(gx, base + c * D), <T>0);
        continue;
      }
      let m = load<T>(at<T>(x, base));
      for (let c = 1; c < C; c++) {
        const v = load<T>(at<T>(x, base + c * D));
        if (v > m) m = v;
      }
      let s: T = <T>0;
      let sx: T = <T>0;
      for (let c = 0; c < C; c++) {
        const z = load<T>(at<T>(x, base + c * D)) - m;
        const e = expT<T>(z);
        s += e;
        if (smoothing) sx += w ? load<T>(at<T>(w, c)) * z : z;
        if (gx) store<T>(at<T>(gx, base + c * D), e);
      }
      const lse = logT<T>(s);
      const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
      const logpt = load<T>(at<T>(x, base + t * D)) - m - lse;
      const nll = -(wt * logpt);
      let smooth: T = <T>0;
      if (smoothing) smooth = -(sx - wsum * lse);
      nllSum += <f64>nll;
      smoothSum += <f64>smooth;
      if (out) store<T>(at<T>(out, pos), smoothing ? ka * nll + kb * smooth : nll);
      if (gx) {
        const u: T = up ? load<T>(at<T>(up, pos)) : <T>1;
        const awt = <T>a * wt * u;
        const bu = <T>b * u;
        const k = (awt + bu * wsum) / s;
        for (let c = 0; c < C; c++) {
          const o = at<T>(gx, base + c * D);
          let g = load<T>(o) * k;
          if (smoothing) g -= bu * (w ? load<T>(at<T>(w, c)) : <T>1);
          store<T>(o, g);
        }
        const ot = at<T>(gx, base + t * D);
        store<T>(ot, load<T>(ot) - awt);
      }
    }
  }
  store<f64>(res, nllSum);
  store<f64>(res + 8, smoothSum);
}

export function ce_index_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64, up: usize, out: usize, gx: usize, res: usize): void {
  ceIndex<f32>(x, tgt, w, N, C, D, ignore, ls, a, b, up, out, gx, res);
}

export function ce_index_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, a: f64, b: f64, up: usize, out: usize, gx: usize, res: usize): void {
  ceIndex<f64>(x, tgt, w, N, C, D, ignore, ls, a, b, up, out, gx, res);
}

/**
 * Cross entropy with class-probability targets p (same shape as x); label smoothing mixes them:
 * q = p·(1 - ls) + ls/C.  out[pos] = -Σ_c w[c]·q[c]·logp[c].  Gradients of scale·Σ (times up[pos]):
 * gx = Σ_k(w q)·softmax - w·q, gt = -(1 - ls)·w·logp. Returns Σ out.
 */
@inline function ceProb<T>(
  x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64,
  up: usize, out: usize, gx: usize, gt: usize,
): f64 {
  let total: f64 = 0;
  const keep = <T>(1 - ls);
  const add = <T>(ls / <f64>C);
  const smoothing = ls > 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const pos = n * D + d;
      const base = n * C * D + d;
      let m = load<T>(at<T>(x, base));
      for (let c = 1; c < C; c++) {
        const v = load<T>(at<T>(x, base + c * D));
        if (v > m) m = v;
      }
      let s: T = <T>0;
      for (let c = 0; c < C; c++) s += expT<T>(load<T>(at<T>(x, base + c * D)) - m);
      const lse = logT<T>(s);
      let l: T = <T>0;
      let wq: T = <T>0;
      for (let c = 0; c < C; c++) {
        const i = base + c * D;
        const logp = load<T>(at<T>(x, i)) - m - lse;
        let q = load<T>(at<T>(p, i));
        if (smoothing) q = q * keep + add;
        const wc: T = w ? load<T>(at<T>(w, c)) : <T>1;
        const wqc = w ? q * wc : q;
        wq += wqc;
        l += wqc * logp;
      }
      l = -l;
      total += <f64>l;
      if (out) store<T>(at<T>(out, pos), l);
      if (gx || gt) {
        const u = <T>scale * (up ? load<T>(at<T>(up, pos)) : <T>1);
        for (let c = 0; c < C; c++) {
          const i = base + c * D;
          const logp = load<T>(at<T>(x, i)) - m - lse;
          const wc: T = w ? load<T>(at<T>(w, c)) : <T>1;
          if (gx) {
            let q = load<T>(at<T>(p, i));
            if (smoothing) q = q * keep + add;
            store<T>(at<T>(gx, i), (expT<T>(logp) * wq - wc * q) * u);
          }
          if (gt) store<T>(at<T>(gt, i), -(wc * logp) * keep * u);
        }
      }
    }
  }
  return total;
}

export function ce_prob_f32(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64, up: usize, out: usize, gx: usize, gt: usize): f64 {
  return ceProb<f32>(x, p, w, N, C, D, ls, scale, up, out, gx, gt);
}

export function ce_prob_f64(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64, up: usize, out: usize, gx: usize, gt: usize): f64 {
  return ceProb<f64>(x, p, w, N, C, D, ls, scale, up, out, gx, gt);
}

/** NLLLoss: out[pos] = -w[t]·x[t] (0 where ignored); gx = -w[t]·scale·up at the target, 0 elsewhere. */
@inline function nll<T>(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, scale: f64, up: usize, out: usize, gx: usize): f64 {
  let total: f64 = 0;
  if (gx) memory.fill(gx, 0, <usize>N * <usize>C * <usize>D * sizeof<T>());
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const pos = n * D + d;
      const t = <i32>load<f64>(at<f64>(tgt, pos));
      let l: T = <T>0;
      if (t != ignore) {
        const i = n * C * D + t * D + d;
        const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
        l = -(wt * load<T>(at<T>(x, i)));
        if (gx) store<T>(at<T>(gx, i), -wt * <T>scale * (up ? load<T>(at<T>(up, pos)) : <T>1));
      }
      total += <f64>l;
      if (out) store<T>(at<T>(out, pos), l);
    }
  }
  return total;
}

export function nll_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, scale: f64, up: usize, out: usize, gx: usize): f64 {
  return nll<f32>(x, tgt, w, N, C, D, ignore, scale, up, out, gx);
}

export function nll_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, scale: f64, up: usize, out: usize, gx: usize): f64 {
  return nll<f64>(x, tgt, w, N, C, D, ignore, scale, up, out, gx);
}
