// BCELoss (probabilities) and BCEWithLogitsLoss (logits, pos_weight). Weight pointers of 0 mean "no weight".
import { at } from "./common";
import { ONE, kf } from "./consts";
import { expv, log1p01v, logUnitv, negAbsv, negv, splat } from "./simd-math";
import { absT, expT, log1pT, logT, maxNaN } from "./scalar-math";

// ---- BCE: w ((y - 1) max(log1p(-p), -100) - y max(log p, -100)); dl/dp = w (p - y) / max((1 - p) p, 1e-12) ----
// (ATen's EPSILON is the float 1e-12, also in float64.)

@inline function bceScalar<T>(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gup: usize, gscale: f64, i: i32): void {
  const gs = <T>gscale;
  for (; i < n; i++) {
      const g = gup ? load<T>(at<T>(gup, i)) : gs;
    const pv = load<T>(at<T>(p, i));
    const yv = load<T>(at<T>(y, i));
    const wv = w ? load<T>(at<T>(w, i)) : <T>1;
    const l = wv * ((yv - <T>1) * maxNaN<T>(log1pT<T>(-pv), <T>-100) - yv * maxNaN<T>(logT<T>(pv), <T>-100));
    if (out) store<T>(at<T>(out, i), l);
    if (gp) store<T>(at<T>(gp, i), wv * ((pv - yv) / maxNaN<T>((<T>1 - pv) * pv, <T><f32>1e-12)) * g);
  }
}

@inline function bceSimd(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gup: usize, gscale: f64, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>gscale);
    const one = kf(ONE);
    const floor = splat(-100);
    const tiny = splat(1e-12);
    if (n4 > 0) do {
        const o = <usize>i << 2;
        const g = gup ? v128.load(gup + o) : gs;
        const pv = v128.load(p + o);
        const yv = v128.load(y + o);
        const wv = w ? v128.load(w + o) : one;
        // p in [0, 1] (checked by the caller): log(1 - p) is exact enough here since 1 - p is computed exactly
        // for p >= 0.5 and loses at most an ulp of p below; ATen's log1p(-p) agrees within float32 rounding.
        const lq = f32x4.pmax(logUnitv(f32x4.sub(one, pv)), floor);
        const lp = f32x4.pmax(logUnitv(pv), floor);
        const l = f32x4.mul(wv, f32x4.sub(f32x4.mul(f32x4.sub(yv, one), lq), f32x4.mul(yv, lp)));
        if (out) v128.store(out + o, l);
        if (wGrad) {
          const den = f32x4.pmax(f32x4.mul(f32x4.sub(one, pv), pv), tiny);
          v128.store(gp + o, f32x4.mul(f32x4.mul(wv, f32x4.div(f32x4.sub(pv, yv), den)), g));
        }
        i += 4;
      } while (i < n4);
  }
  bceScalar<f32>(p, y, w, n, out, gp, gup, gscale, i);
}

export function bce_f32(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gup: usize, gscale: f64): void {
  return gp ? bceSimd(p, y, w, n, out, gp, gup, gscale, true) : bceSimd(p, y, w, n, out, gp, gup, gscale, false);
}

export function bce_f64(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gup: usize, gscale: f64): void {
  return bceScalar<f64>(p, y, w, n, out, gp, gup, gscale, 0);
}

// ---- BCEWithLogits: w ((1 - y) x + lw softplus(-x)), lw = 1 + (pw - 1) y, softplus(-x) = log1p(e^-|x|) + max(-x, 0)
//      dl/dx = w ((pw y + 1 - y) sigmoid(x) - pw y) (pw = 1: sigmoid(x) - y). One t = e^-|x| and r = 1 / (1 + t)
//      serve the loss and the sigmoid. ----

@inline function bcelScalar<T>(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, i: i32): void {
  const gs = <T>gscale;
  for (; i < n; i++) {
      const g = gup ? load<T>(at<T>(gup, i)) : gs;
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    const wv = w ? load<T>(at<T>(w, i)) : <T>1;
    const pwy = pw ? load<T>(at<T>(pw, i)) * yv : yv;
    const t = expT<T>(-absT<T>(xv));
    const sp = log1pT<T>(t) + maxNaN<T>(-xv, <T>0);
    const l = wv * ((<T>1 - yv) * xv + (<T>1 + pwy - yv) * sp);
    if (out) store<T>(at<T>(out, i), l);
    if (gx) {
      const r = <T>1 / (<T>1 + t);
      const sig = xv >= <T>0 ? r : t * r;
      store<T>(at<T>(gx, i), wv * ((pwy + <T>1 - yv) * sig - pwy) * g);
    }
  }
}

@inline function bcelSimd(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, weighted: bool, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>gscale);
    const one = kf(ONE);
    const zero = splat(0);
    if (n4 > 0) do {
        const o = <usize>i << 2;
        const g = gup ? v128.load(gup + o) : gs;
        const xv = v128.load(x + o);
        const yv = v128.load(y + o);
        const t = expv(negAbsv(xv));
        const sp = f32x4.add(log1p01v(t), f32x4.pmax(negv(xv), zero));
        let l: v128;
        if (weighted) {
          const wv = w ? v128.load(w + o) : one;
          const pwy = pw ? f32x4.mul(v128.load(pw + o), yv) : yv;
          const lw = f32x4.sub(f32x4.add(one, pwy), yv);
          l = f32x4.mul(wv, f32x4.add(f32x4.mul(f32x4.sub(one, yv), xv), f32x4.mul(lw, sp)));
          if (gx) {
            const r = f32x4.div(one, f32x4.add(one, t));
            const sig = v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(xv, zero));
            v128.store(gx + o, f32x4.mul(f32x4.mul(wv, f32x4.sub(f32x4.mul(lw, sig), pwy)), g));
          }
        } else {
          // (1 - y) x + softplus(-x); gradient sigmoid(x) - y.
          l = f32x4.add(f32x4.mul(f32x4.sub(one, yv), xv), sp);
          if (wGrad) {
            const r = f32x4.div(one, f32x4.add(one, t));
            const sig = v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(xv, zero));
            v128.store(gx + o, f32x4.mul(f32x4.sub(sig, yv), g));
          }
        }
        if (out) v128.store(out + o, l);
        i += 4;
      } while (i < n4);
  }
  bcelScalar<f32>(x, y, w, pw, n, out, gx, gup, gscale, i);
}

export function bce_logits_f32(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64): void {
  // Weighted calls share one body (gradient as a runtime branch); the plain loss gets its own two.
  if (w | pw) return bcelSimd(x, y, w, pw, n, out, gx, gup, gscale, true, false);
  return gx ? bcelSimd(x, y, w, pw, n, out, gx, gup, gscale, false, true) : bcelSimd(x, y, w, pw, n, out, gx, gup, gscale, false, false);
}

export function bce_logits_f64(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64): void {
  return bcelScalar<f64>(x, y, w, pw, n, out, gx, gup, gscale, 0);
}
