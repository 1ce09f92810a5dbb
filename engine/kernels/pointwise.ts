// SoftMarginLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, MarginRankingLoss, HingeEmbeddingLoss.
// Each follows ATen's float order closely enough for 1 ulp-level agreement; conventions: see index.ts.
import { at } from "./common";
import { HALF, MONE, ONE, kf } from "./consts";
import { expv, log1p01v, logv, negAbsv, negv, splat } from "./simd-math";
import { expT, log1pT, logT, maxNaN } from "./scalar-math";

// ---- SoftMargin: log1p(exp(-y x)); dl/dx = -y z / (z + 1), z = exp(-y x) (inf past ~88, as in PyTorch) ----

@inline function smScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, i: i32): void {
  const gs = <T>gscale;
  for (; i < n; i++) {
      const g = gup ? load<T>(at<T>(gup, i)) : gs;
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    const z = expT<T>(-yv * xv);
    const l = log1pT<T>(z);
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), ((-yv * z) / (z + <T>1)) * g);
  }
}

@inline function smSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>gscale);
    const one = kf(ONE);
    const zero = splat(0);
    const inf = splat(Infinity);
    const nan = splat(NaN);
    const lnMax = splat(88.72283);
    if (n4 > 0) do {
        const o = <usize>i << 2;
        const g = gup ? v128.load(gup + o) : gs;
        const ny = negv(v128.load(y + o));
        // log1p(exp(v)) = max(v, 0) + log1p(exp(-|v|)); PyTorch's exp(v) overflows past ln(FLT_MAX): inf.
        const v = f32x4.mul(ny, v128.load(x + o));
        const t = expv(negAbsv(v));
        const big = f32x4.gt(v, lnMax);
        const l = v128.bitselect(inf, f32x4.add(f32x4.pmax(v, zero), log1p01v(t)), big);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          // -y exp(v) / (exp(v) + 1) = -y sigmoid(v); NaN where exp(v) overflowed (inf / inf), as in PyTorch.
          const r = f32x4.div(one, f32x4.add(one, t));
          const sig = v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(v, zero));
          v128.store(gx + o, v128.bitselect(nan, f32x4.mul(f32x4.mul(ny, sig), g), big));
        }
        i += 4;
      } while (i < n4);
  }
  smScalar<f32>(x, y, n, out, gx, gup, gscale, i);
}

export function soft_margin_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64): void {
  return gx ? smSimd(x, y, n, out, gx, gup, gscale, true) : smSimd(x, y, n, out, gx, gup, gscale, false);
}

export function soft_margin_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64): void {
  return smScalar<f64>(x, y, n, out, gx, gup, gscale, 0);
}

// ---- PoissonNLL: log_input ? exp(x) - y x : x - y log(x + eps); full adds Stirling's term where y > 1:
//      y log y - y + 0.5 log(2 pi y). dl/dx = log_input ? exp(x) - y : 1 - y / (x + eps). ----

@inline function stirling<T>(y: T): T {
  return y > <T>1 ? y * logT<T>(y) - y + <T>0.5 * logT<T>(<T>(2 * Math.PI) * y) : <T>0;
}

@inline function poissonScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logInput: bool, full: bool, eps: f64, i: i32): void {
  const gs = <T>gscale;
  const e = <T>eps;
  for (; i < n; i++) {
      const g = gup ? load<T>(at<T>(gup, i)) : gs;
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
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), d * g);
  }
}

@inline function poissonSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logInput: bool, full: bool, eps: f64, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>gscale);
    const e = splat(<f32>eps);
    const one = kf(ONE);
    const half = kf(HALF);
    const halfLog2Pi = splat(<f32>(0.5 * Math.log(2 * Math.PI)));
    if (n4 > 0) do {
        const o = <usize>i << 2;
        const g = gup ? v128.load(gup + o) : gs;
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
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(gx + o, f32x4.mul(d, g));
        i += 4;
      } while (i < n4);
  }
  poissonScalar<f32>(x, y, n, out, gx, gup, gscale, logInput, full, eps, i);
}

export function poisson_nll_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logInput: i32, full: i32, eps: f64): void {
  // full and the gradient are runtime flags (predictable branches) to keep the module small; log_input picks the body.
  return logInput ? poissonSimd(x, y, n, out, gx, gup, gscale, true, full != 0, eps, gx != 0) : poissonSimd(x, y, n, out, gx, gup, gscale, false, full != 0, eps, gx != 0);
}

export function poisson_nll_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logInput: i32, full: i32, eps: f64): void {
  if (logInput) return full ? poissonScalar<f64>(x, y, n, out, gx, gup, gscale, true, true, eps, 0) : poissonScalar<f64>(x, y, n, out, gx, gup, gscale, true, false, eps, 0);
  return full ? poissonScalar<f64>(x, y, n, out, gx, gup, gscale, false, true, eps, 0) : poissonScalar<f64>(x, y, n, out, gx, gup, gscale, false, false, eps, 0);
}

// ---- GaussianNLL: v = max(var, eps) (gradient not stopped), 0.5 (log v + (x - y)^2 / v) [+ 0.5 log(2 pi)];
//      dl/dx = (x - y) / v, dl/dvar = 0.5 (1 / v - (x - y)^2 / v^2). ----

@inline function gaussScalar<T>(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gup: usize, gscale: f64, eps: f64, cst: f64, i: i32): void {
  const gs = <T>gscale;
  const e = <T>eps;
  const c = <T>cst;
  for (; i < n; i++) {
      const g = gup ? load<T>(at<T>(gup, i)) : gs;
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const vv = maxNaN<T>(load<T>(at<T>(v, i)), e);
    const q = d * d / vv;
    const l = <T>0.5 * (logT<T>(vv) + q) + c;
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), (d / vv) * g);
    if (gv) store<T>(at<T>(gv, i), <T>0.5 * (<T>1 / vv - q / vv) * g);
  }
}

@inline function gaussSimd(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gup: usize, gscale: f64, eps: f64, cst: f64, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>gscale);
    const e = splat(<f32>eps);
    const c = splat(<f32>cst);
    const half = kf(HALF);
    const one = kf(ONE);
    if (n4 > 0) do {
        const o = <usize>i << 2;
        const g = gup ? v128.load(gup + o) : gs;
        const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
        const vv = f32x4.pmax(v128.load(v + o), e);
        const q = f32x4.div(f32x4.mul(d, d), vv);
        const l = f32x4.add(f32x4.mul(half, f32x4.add(logv(vv), q)), c);
        if (out) v128.store(out + o, l);
        if (wGrad) {
          if (gx) v128.store(gx + o, f32x4.mul(f32x4.div(d, vv), g));
          if (gv) v128.store(gv + o, f32x4.mul(f32x4.mul(half, f32x4.sub(f32x4.div(one, vv), f32x4.div(q, vv))), g));
        }
        i += 4;
      } while (i < n4);
  }
  gaussScalar<f32>(x, y, v, n, out, gx, gv, gup, gscale, eps, cst, i);
}

/** cst is 0.5 log(2 pi) when full, else 0. */
export function gaussian_nll_f32(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gup: usize, gscale: f64, eps: f64, cst: f64): void {
  const grad = gx | gv;
  return grad ? gaussSimd(x, y, v, n, out, gx, gv, gup, gscale, eps, cst, true) : gaussSimd(x, y, v, n, out, gx, gv, gup, gscale, eps, cst, false);
}

export function gaussian_nll_f64(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gv: usize, gup: usize, gscale: f64, eps: f64, cst: f64): void {
  return gaussScalar<f64>(x, y, v, n, out, gx, gv, gup, gscale, eps, cst, 0);
}

// ---- KLDiv: log_target ? exp(y) (y - x) : xlogy(y, y) - y x; dl/dx = log_target ? -exp(y) : -y ----

@inline function klScalar<T>(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logTarget: bool, i: i32): void {
  const gs = <T>gscale;
  for (; i < n; i++) {
      const g = gup ? load<T>(at<T>(gup, i)) : gs;
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
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), d * g);
  }
}

@inline function klSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logTarget: bool, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>gscale);
    const zero = splat(0);
    if (n4 > 0) do {
        const o = <usize>i << 2;
        const g = gup ? v128.load(gup + o) : gs;
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
        if (out) v128.store(out + o, l);
        if (wGrad) v128.store(gx + o, negv(f32x4.mul(d, g)));
        i += 4;
      } while (i < n4);
  }
  klScalar<f32>(x, y, n, out, gx, gup, gscale, logTarget, i);
}

@inline function klVariants(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logTarget: bool): void {
  return gx ? klSimd(x, y, n, out, gx, gup, gscale, logTarget, true) : klSimd(x, y, n, out, gx, gup, gscale, logTarget, false);
}

export function kl_div_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logTarget: i32): void {
  return logTarget ? klVariants(x, y, n, out, gx, gup, gscale, true) : klVariants(x, y, n, out, gx, gup, gscale, false);
}

export function kl_div_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, gscale: f64, logTarget: i32): void {
  return logTarget ? klScalar<f64>(x, y, n, out, gx, gup, gscale, true, 0) : klScalar<f64>(x, y, n, out, gx, gup, gscale, false, 0);
}

// ---- MarginRanking (a composite in ATen): z = (-y) (x1 - x2) + margin, loss max(z, 0). Autograd's gradients:
//      gz = z >= 0 ? g : 0 (g already divided by N for mean); dx1 = gz (-y); dx2 = -dx1; dy = -(gz (x1 - x2)),
//      written un-negated: autograd negates after summing a broadcast target ----

@inline function mrScalar<T>(a: usize, b: usize, y: usize, i: i32, n: i32, out: usize, ga: usize, gb: usize, gy: usize, gup: usize, g: f64, margin: f64): void {
  const gs = <T>g;
  const m = <T>margin;
  for (; i < n; i++) {
    const ny = -load<T>(at<T>(y, i));
    const d = load<T>(at<T>(a, i)) - load<T>(at<T>(b, i));
    const z = ny * d + m;
    if (out) store<T>(at<T>(out, i), maxNaN<T>(z, <T>0));
    const gz = z >= <T>0 ? (gup ? load<T>(at<T>(gup, i)) : gs) : <T>0;
    const da = gz * ny;
    if (ga) store<T>(at<T>(ga, i), da);
    if (gb) store<T>(at<T>(gb, i), -da);
    if (gy) store<T>(at<T>(gy, i), gz * d);
  }
}

@inline function mrSimd(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gb: usize, gy: usize, gup: usize, g: f64, margin: f64, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>g);
    const m = splat(<f32>margin);
    const zero = splat(0);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const ny = negv(v128.load(y + o));
      const d = f32x4.sub(v128.load(a + o), v128.load(b + o));
      const z = f32x4.add(f32x4.mul(ny, d), m);
      if (out) v128.store(out + o, f32x4.pmax(z, zero));
      if (wGrad) {
        const gz = v128.and(gup ? v128.load(gup + o) : gs, f32x4.ge(z, zero));
        const da = f32x4.mul(gz, ny);
        if (ga) v128.store(ga + o, da);
        if (gb) v128.store(gb + o, negv(da));
        if (gy) v128.store(gy + o, f32x4.mul(gz, d));
      }
      i += 4;
    } while (i < n4);
  }
  if (!wGrad) ga = gb = gy = 0;
  mrScalar<f32>(a, b, y, i, n, out, ga, gb, gy, gup, g, margin);
}

export function margin_ranking_f32(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gb: usize, gy: usize, gup: usize, g: f64, margin: f64): void {
  if (ga | gb | gy) mrSimd(a, b, y, n, out, ga, gb, gy, gup, g, margin, true);
  else mrSimd(a, b, y, n, out, 0, 0, 0, 0, g, margin, false);
}

export function margin_ranking_f64(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gb: usize, gy: usize, gup: usize, g: f64, margin: f64): void {
  mrScalar<f64>(a, b, y, 0, n, out, ga, gb, gy, gup, g, margin);
}

// ---- HingeEmbedding (a composite): (y != 1 ? max(margin - x, 0) : 0) + (y != -1 ? x : 0); autograd's gradient
//      -(h >= 0 && y != 1 ? g : 0) + (y != -1 ? g : 0), h = margin - x ----

@inline function heScalar<T>(x: usize, y: usize, i: i32, n: i32, out: usize, gx: usize, gup: usize, g: f64, margin: f64): void {
  const gs = <T>g;
  const m = <T>margin;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const yv = load<T>(at<T>(y, i));
    const h = m - xv;
    if (out) store<T>(at<T>(out, i), (yv != <T>1 ? maxNaN<T>(h, <T>0) : <T>0) + (yv != <T>-1 ? xv : <T>0));
    const gi = gup ? load<T>(at<T>(gup, i)) : gs;
    if (gx) store<T>(at<T>(gx, i), -(yv != <T>1 && h >= <T>0 ? gi : <T>0) + (yv != <T>-1 ? gi : <T>0));
  }
}

@inline function heSimd(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, margin: f64, wGrad: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const gs = splat(<f32>g);
    const m = splat(<f32>margin);
    const zero = splat(0);
    const one = kf(ONE);
    const mone = kf(MONE);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const xv = v128.load(x + o);
      const yv = v128.load(y + o);
      const h = f32x4.sub(m, xv);
      const notPos = f32x4.ne(yv, one);
      const notNeg = f32x4.ne(yv, mone);
      if (out) v128.store(out + o, f32x4.add(v128.and(f32x4.pmax(h, zero), notPos), v128.and(xv, notNeg)));
      if (wGrad) {
        const gi = gup ? v128.load(gup + o) : gs;
        const gh = negv(v128.and(gi, v128.and(notPos, f32x4.ge(h, zero))));
        v128.store(gx + o, f32x4.add(gh, v128.and(gi, notNeg)));
      }
      i += 4;
    } while (i < n4);
  }
  heScalar<f32>(x, y, i, n, out, wGrad ? gx : 0, gup, g, margin);
}

export function hinge_embedding_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, margin: f64): void {
  if (gx) heSimd(x, y, n, out, gx, gup, g, margin, true);
  else heSimd(x, y, n, out, 0, 0, g, margin, false);
}

export function hinge_embedding_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, margin: f64): void {
  heScalar<f64>(x, y, 0, n, out, gx, gup, g, margin);
}
