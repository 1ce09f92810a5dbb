// SoftMarginLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, MarginRankingLoss, HingeEmbeddingLoss.
// Each follows ATen's float order closely enough for 1 ulp-level agreement; conventions: see index.ts.
import { at, blockEnd, hsum } from "./common";
import { HALF, MONE, ONE, kf } from "./consts";
import { expv, log1p01v, logv, negAbsv, negv, splat } from "./simd-math";
import { expT, log1pT, logT, maxNaN } from "./scalar-math";

// ---- SoftMargin: log1p(exp(-y x)); dl/dx = -y z / (z + 1), z = exp(-y x) (inf past ~88, as in PyTorch) ----

@inline function smScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    const z = expT<T>(-yv * xv);
    const l = log1pT<T>(z);
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), ((-yv * z) / (z + <T>1)) * g);
  }
  return total;
}

@inline function smSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const one = kf(ONE);
    const zero = splat(0);
    const inf = splat(Infinity);
    const nan = splat(NaN);
    const lnMax = splat(88.72283);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const ny = negv(v128.load(y + o));
        // log1p(exp(v)) = max(v, 0) + log1p(exp(-|v|)); PyTorch's exp(v) overflows past ln(FLT_MAX): inf.
        const v = f32x4.mul(ny, v128.load(x + o));
        const t = expv(negAbsv(v));
        const big = f32x4.gt(v, lnMax);
        const l = v128.bitselect(inf, f32x4.add(f32x4.pmax(v, zero), log1p01v(t)), big);
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          // -y exp(v) / (exp(v) + 1) = -y sigmoid(v); NaN where exp(v) overflowed (inf / inf), as in PyTorch.
          const r = f32x4.div(one, f32x4.add(one, t));
          const sig = v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(v, zero));
          v128.store(gx + o, v128.bitselect(nan, f32x4.mul(f32x4.mul(ny, sig), g), big));
        }
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + smScalar<f32>(x, y, n, out, gx, gscale, i);
}

export function soft_margin_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64): f64 {
  return gx ? smSimd(x, y, n, out, gx, gscale, true) : smSimd(x, y, n, out, gx, gscale, false);
}

export function soft_margin_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64): f64 {
  return smScalar<f64>(x, y, n, out, gx, gscale, 0);
}

// ---- PoissonNLL: log_input ? exp(x) - y x : x - y log(x + eps); full adds Stirling's term where y > 1:
//      y log y - y + 0.5 log(2 pi y). dl/dx = log_input ? exp(x) - y : 1 - y / (x + eps). ----

@inline function stirling<T>(y: T): T {
  return y > <T>1 ? y * logT<T>(y) - y + <T>0.5 * logT<T>(<T>(2 * Math.PI) * y) : <T>0;
}

@inline function poissonScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logInput: bool, full: bool, eps: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  const e = <T>eps;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    let l: T;
    let d: T;
    if (logInput) {
      const ex = expT<T>(xv);
      l = ex - yv * xv;
      d = ex - yv;
    } else {
      l = xv - yv * logT<T>(xv + e);
      d = <T>1 - yv / (xv + e);
    }
    if (full) l += stirling<T>(yv);
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), d * g);
  }
  return total;
}

@inline function poissonSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logInput: bool, full: bool, eps: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const e = splat(<f32>eps);
    const one = kf(ONE);
    const half = kf(HALF);
    const halfLog2Pi = splat(<f32>(0.5 * Math.log(2 * Math.PI)));
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const xv = v128.load(x + o);
        const yv = v128.load(y + o);
        let l: v128;
        let d: v128;
        if (logInput) {
          const ex = expv(xv);
          l = f32x4.sub(ex, f32x4.mul(yv, xv));
          d = f32x4.sub(ex, yv);
        } else {
          const xe = f32x4.add(xv, e);
          l = f32x4.sub(xv, f32x4.mul(yv, logv(xe)));
          d = f32x4.sub(one, f32x4.div(yv, xe));
        }
        if (full) {
          // y log y - y + 0.5 log(2 pi y) with one log: (y + 0.5) log y - y + 0.5 log(2 pi).
          const s = f32x4.add(f32x4.sub(f32x4.mul(f32x4.add(yv, half), logv(yv)), yv), halfLog2Pi);
          l = f32x4.add(l, v128.and(s, f32x4.gt(yv, one)));
        }
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(gx + o, f32x4.mul(d, g));
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + poissonScalar<f32>(x, y, n, out, gx, gscale, logInput, full, eps, i);
}

export function poisson_nll_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logInput: i32, full: i32, eps: f64): f64 {
  // full and the gradient are runtime flags (predictable branches) to keep the module small; log_input picks the body.
  return logInput ? poissonSimd(x, y, n, out, gx, gscale, true, full != 0, eps, gx != 0) : poissonSimd(x, y, n, out, gx, gscale, false, full != 0, eps, gx != 0);
}

export function poisson_nll_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logInput: i32, full: i32, eps: f64): f64 {
  if (logInput) return full ? poissonScalar<f64>(x, y, n, out, gx, gscale, true, true, eps, 0) : poissonScalar<f64>(x, y, n, out, gx, gscale, true, false, eps, 0);
  return full ? poissonScalar<f64>(x, y, n, out, gx, gscale, false, true, eps, 0) : poissonScalar<f64>(x, y, n, out, gx, gscale, false, false, eps, 0);
}

// ---- GaussianNLL: v = max(var, eps) (gradient not stopped), 0.5 (log v + (x - y)^2 / v) [+ 0.5 log(2 pi)];
//      dl/dx = (x - y) / v, dl/dvar = 0.5 (1 / v - (x - y)^2 / v^2). ----

@inline function gaussScalar<T>(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gscale: f64, eps: f64, cst: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  const e = <T>eps;
  const c = <T>cst;
  for (; i < n; i++) {
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const vv = maxNaN<T>(load<T>(at<T>(v, i)), e);
    const q = d * d / vv;
    const l = <T>0.5 * (logT<T>(vv) + q) + c;
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), (d / vv) * g);
    if (gv) store<T>(at<T>(gv, i), <T>0.5 * (<T>1 / vv - q / vv) * g);
  }
  return total;
}

@inline function gaussSimd(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gscale: f64, eps: f64, cst: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const e = splat(<f32>eps);
    const c = splat(<f32>cst);
    const half = kf(HALF);
    const one = kf(ONE);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
        const vv = f32x4.pmax(v128.load(v + o), e);
        const q = f32x4.div(f32x4.mul(d, d), vv);
        const l = f32x4.add(f32x4.mul(half, f32x4.add(logv(vv), q)), c);
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          if (gx) v128.store(gx + o, f32x4.mul(f32x4.div(d, vv), g));
          if (gv) v128.store(gv + o, f32x4.mul(f32x4.mul(half, f32x4.sub(f32x4.div(one, vv), f32x4.div(q, vv))), g));
        }
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + gaussScalar<f32>(x, y, v, n, out, gx, gv, gscale, eps, cst, i);
}

/** cst is 0.5 log(2 pi) when full, else 0. */
export function gaussian_nll_f32(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gscale: f64, eps: f64, cst: f64): f64 {
  const grad = gx | gv;
  return grad ? gaussSimd(x, y, v, n, out, gx, gv, gscale, eps, cst, true) : gaussSimd(x, y, v, n, out, gx, gv, gscale, eps, cst, false);
}

export function gaussian_nll_f64(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gscale: f64, eps: f64, cst: f64): f64 {
  return gaussScalar<f64>(x, y, v, n, out, gx, gv, gscale, eps, cst, 0);
}

// ---- KLDiv: log_target ? exp(y) (y - x) : xlogy(y, y) - y x; dl/dx = log_target ? -exp(y) : -y ----

@inline function klScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logTarget: bool, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    let l: T;
    let d: T;
    if (logTarget) {
      const ey = expT<T>(yv);
      l = ey * (yv - xv);
      d = -ey;
    } else {
      l = (yv == <T>0 ? <T>0 : yv * logT<T>(yv)) - yv * xv;
      d = -yv;
    }
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), d * g);
  }
  return total;
}

@inline function klSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logTarget: bool, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(-<f32>gscale);
    const zero = splat(0);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const xv = v128.load(x + o);
        const yv = v128.load(y + o);
        let l: v128;
        let d: v128;
        if (logTarget) {
          d = expv(yv);
          l = f32x4.mul(d, f32x4.sub(yv, xv));
        } else {
          // xlogy(y, y): 0 where y == 0 (NaN stays NaN: NaN != 0).
          const ylogy = v128.andnot(f32x4.mul(yv, logv(yv)), f32x4.eq(yv, zero));
          l = f32x4.sub(ylogy, f32x4.mul(yv, xv));
          d = yv;
        }
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(gx + o, f32x4.mul(d, g));
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + klScalar<f32>(x, y, n, out, gx, gscale, logTarget, i);
}

@inline function klVariants(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logTarget: bool): f64 {
  return gx ? klSimd(x, y, n, out, gx, gscale, logTarget, true) : klSimd(x, y, n, out, gx, gscale, logTarget, false);
}

export function kl_div_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logTarget: i32): f64 {
  return logTarget ? klVariants(x, y, n, out, gx, gscale, true) : klVariants(x, y, n, out, gx, gscale, false);
}

export function kl_div_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, logTarget: i32): f64 {
  return logTarget ? klScalar<f64>(x, y, n, out, gx, gscale, true, 0) : klScalar<f64>(x, y, n, out, gx, gscale, false, 0);
}

// ---- MarginRanking: max(-y (x1 - x2) + margin, 0); dl/dx1 = -y where the hinge is active (>= 0), dl/dx2 = -dl/dx1 ----

@inline function mrScalar<T>(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gscale: f64, margin: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  const m = <T>margin;
  for (; i < n; i++) {
    const yv = load<T>(at<T>(y, i));
    const z = -yv * (load<T>(at<T>(a, i)) - load<T>(at<T>(b, i))) + m;
    const l = maxNaN<T>(z, <T>0);
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (ga) store<T>(at<T>(ga, i), z >= <T>0 ? -yv * g : <T>0);
  }
  return total;
}

@inline function mrSimd(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gscale: f64, margin: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const m = splat(<f32>margin);
    const zero = splat(0);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const ny = negv(v128.load(y + o));
        const z = f32x4.add(f32x4.mul(ny, f32x4.sub(v128.load(a + o), v128.load(b + o))), m);
        const l = f32x4.pmax(z, zero);
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(ga + o, v128.and(f32x4.mul(ny, g), f32x4.ge(z, zero)));
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + mrScalar<f32>(a, b, y, n, out, ga, gscale, margin, i);
}

export function margin_ranking_f32(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gscale: f64, margin: f64): f64 {
  return ga ? mrSimd(a, b, y, n, out, ga, gscale, margin, true) : mrSimd(a, b, y, n, out, ga, gscale, margin, false);
}

export function margin_ranking_f64(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gscale: f64, margin: f64): f64 {
  return mrScalar<f64>(a, b, y, n, out, ga, gscale, margin, 0);
}

// ---- HingeEmbedding: (y != 1 ? max(margin - x, 0) : 0) + (y != -1 ? x : 0);
//      dl/dx = (y != 1 && margin - x >= 0 ? -1 : 0) + (y != -1 ? 1 : 0) ----

@inline function heScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, margin: f64, i: i32): f64 {
  let total: f64 = 0;
  const g = <T>gscale;
  const m = <T>margin;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    const h = m - xv;
    const l = (yv != <T>1 ? maxNaN<T>(h, <T>0) : <T>0) + (yv != <T>-1 ? xv : <T>0);
    total += <f64>l;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), ((yv != <T>1 && h >= <T>0 ? <T>-1 : <T>0) + (yv != <T>-1 ? <T>1 : <T>0)) * g);
  }
  return total;
}

@inline function heSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, margin: f64, wGrad: bool): f64 {
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const g = splat(<f32>gscale);
    const ng = splat(-<f32>gscale);
    const m = splat(<f32>margin);
    const zero = splat(0);
    const one = kf(ONE);
    const mone = kf(MONE);
    while (i < n4) {
      const end = blockEnd(i, n4);
      let acc = splat(0);
      do {
        const o = <usize>i << 2;
        const xv = v128.load(x + o);
        const yv = v128.load(y + o);
        const h = f32x4.sub(m, xv);
        const notPos = f32x4.ne(yv, one);
        const notNeg = f32x4.ne(yv, mone);
        const l = f32x4.add(v128.and(f32x4.pmax(h, zero), notPos), v128.and(xv, notNeg));
        acc = f32x4.add(acc, l);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          const gh = v128.and(ng, v128.and(notPos, f32x4.ge(h, zero)));
          v128.store(gx + o, f32x4.add(gh, v128.and(g, notNeg)));
        }
        i += 4;
      } while (i < end);
      total += hsum(acc);
    }
  }
  return total + heScalar<f32>(x, y, n, out, gx, gscale, margin, i);
}

export function hinge_embedding_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, margin: f64): f64 {
  return gx ? heSimd(x, y, n, out, gx, gscale, margin, true) : heSimd(x, y, n, out, gx, gscale, margin, false);
}

export function hinge_embedding_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gscale: f64, margin: f64): f64 {
  return heScalar<f64>(x, y, n, out, gx, gscale, margin, 0);
}
