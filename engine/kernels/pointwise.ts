// SoftMarginLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, MarginRankingLoss, HingeEmbeddingLoss, each as
// PyTorch 1.13 computes it: the same operations in the same order and dtype, with Sleef's exp / log where ATen
// applies them to whole tensors and glibc's where it runs a scalar kernel (kernels/aten-elem.ts). Gradients are
// the final ones, with the upstream g inside (g = gup[i], or the scalar g when gup is 0). Conventions: index.ts.
import { PASS_BLOCK, at, passEnd } from "./common";
import { HALF, MONE, ONE, kf } from "./consts";
import { negv, splat } from "./simd-math";
import { maxNaN } from "./scalar-math";
import { glog, texp, tlog, vlog1p, vmlIsMkl } from "./aten-elem";
import { glibcLogf4, sleefExpf4, sleefLogf4 } from "./aten-math";

// The pass blocks' scratch (common.ts PASS_BLOCK).
const PASS_A = memory.data(PASS_BLOCK << 2, 16);

// The float32 kernels run four lanes at a time with Sleef's f32x4 routines over the first n & ~3 elements (where
// ATen applies Sleef to every element) and finish with the generic loop from there.

@inline function gradAt<T>(gup: usize, i: i32, g: T): T {
  return gup ? load<T>(at<T>(gup, i)) : g;
}

// ---- SoftMargin (ATen: neg, mul_, exp_, add_(1), log_): log(exp(-x y) + 1); its backward, with z = exp(-y x):
//      ((y z) (-norm)) / (z + 1) g ----

@inline function softMargin<T>(x: usize, y: usize, i: i32, n: i32, out: usize, gx: usize, gup: usize, g: f64, norm: f64, log1p: bool = false): void {
  const gs = <T>g;
  const nn = <T>-norm;
  for (; i < n; i++) {
    const t = load<T>(at<T>(y, i));
    const z = texp<T>(-load<T>(at<T>(x, i)) * t);
    if (out) store<T>(at<T>(out, i), log1p ? vlog1p<T>(z) : tlog<T>(z + <T>1));
    if (gx) store<T>(at<T>(gx, i), t * z * nn / (z + <T>1) * gradAt<T>(gup, i, gs));
  }
}

export function soft_margin_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, norm: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && !vmlIsMkl()) {
    const n4 = n & ~3;
    const gs = splat(<f32>g);
    const nn = splat(<f32>-norm);
    const one = kf(ONE);
    // Blocks of PASS_BLOCK elements in two passes (the exps, then the rest): each pass's iterations are short and
    // independent, so the CPU overlaps them; one fused pass is one long dependency chain per vector.
    while (i < n4) {
      const end = passEnd(i, n4);
      for (let j = i; j < end; j += 4) {
        const o = <usize>j << 2;
        v128.store(PASS_A + (<usize>(j - i) << 2), sleefExpf4(f32x4.mul(negv(v128.load(x + o)), v128.load(y + o))));
      }
      for (let j = i; j < end; j += 4) {
        const o = <usize>j << 2;
        const t = v128.load(y + o);
        const z = v128.load(PASS_A + (<usize>(j - i) << 2));
        const z1 = f32x4.add(z, one);
        if (out) v128.store(out + o, sleefLogf4(z1));
        if (gx) v128.store(gx + o, f32x4.mul(f32x4.div(f32x4.mul(f32x4.mul(t, z), nn), z1), gup ? v128.load(gup + o) : gs));
      }
      i = end;
    }
  }
  softMargin<f32>(x, y, i, n, out, gx, gup, g, norm);
}

export function soft_margin_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, norm: f64): void {
  softMargin<f64>(x, y, 0, n, out, gx, gup, g, norm);
}

// PyTorch 2.x: the forward is exp_().log1p_() (log1p: Sleef on every element); the backward is unchanged.
export function soft_margin_v2_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, norm: f64): void {
  softMargin<f32>(x, y, 0, n, out, gx, gup, g, norm, true);
}

export function soft_margin_v2_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, norm: f64): void {
  softMargin<f64>(x, y, 0, n, out, gx, gup, g, norm, true);
}

// ---- PoissonNLL (a composite): log_input ? exp(x) - y x : x - y log(x + eps); full adds, where y > 1,
//      (y log y - y) + 0.5 log(2 pi y). Autograd's gradient (g divided by N for mean):
//      log_input ? g exp(x) + (-g) y : g + ((-g) y) / (x + eps); the target's (-g) x, resp. (-g) log(x + eps),
//      after, with full, the Stirling term's: (((-h) + h log y) + (h y) / y) + ((h 0.5) / (2 pi y)) 2 pi,
//      h = y <= 1 ? 0 : g ----

@inline function poisson<T>(x: usize, y: usize, i: i32, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logInput: bool, full: i32, eps: f64): void {
  const gs = <T>g;
  const e = <T>eps;
  const twoPi = <T>(2 * Math.PI);
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const t = load<T>(at<T>(y, i));
    const gi = gradAt<T>(gup, i, gs);
    let l: T;
    let d: T;
    let u: T; // what the target multiplies in the loss
    if (logInput) {
      const ex = texp<T>(xv);
      l = ex - t * xv;
      d = gi * ex + -gi * t;
      u = xv;
    } else {
      const xe = xv + e;
      u = tlog<T>(xe);
      l = xv - t * u;
      d = gi + -gi * t / xe;
    }
    const lt = full ? tlog<T>(t) : 0;
    // masked_fill(y <= 1, 0) then +=: a -0 loss becomes +0 there too.
    if (full) l += t <= <T>1 ? <T>0 : t * lt - t + <T>0.5 * tlog<T>(twoPi * t);
    if (out) store<T>(at<T>(out, i), l);
    if (gx) store<T>(at<T>(gx, i), d);
    if (gy) {
      const base = -gi * u;
      if (full) {
        const h = t <= <T>1 ? <T>0 : gi;
        store<T>(at<T>(gy, i), -h + h * lt + h * t / t + h * <T>0.5 / (twoPi * t) * twoPi + base);
      } else store<T>(at<T>(gy, i), base);
    }
  }
}

/** The float32 lanes without `full` (one runtime branch on log_input keeps it one loop); returns where it stopped. */
@inline function poissonSimd(x: usize, y: usize, n4: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logInput: bool, eps: f64): i32 {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const gs = splat(<f32>g);
    const e = splat(<f32>eps);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const xv = v128.load(x + o);
      const t = v128.load(y + o);
      const gi = gup ? v128.load(gup + o) : gs;
      const ng = negv(gi);
      const xe = f32x4.add(xv, e);
      const f = logInput ? sleefExpf4(xv) : sleefLogf4(xe);
      if (out) v128.store(out + o, logInput ? f32x4.sub(f, f32x4.mul(t, xv)) : f32x4.sub(xv, f32x4.mul(t, f)));
      if (gx) v128.store(gx + o, logInput ? f32x4.add(f32x4.mul(gi, f), f32x4.mul(ng, t)) : f32x4.add(gi, f32x4.div(f32x4.mul(ng, t), xe)));
      if (gy) v128.store(gy + o, f32x4.mul(ng, logInput ? xv : f));
      i += 4;
    } while (i < n4);
  }
  return i;
}

export function poisson_nll_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logInput: i32, full: i32, eps: f64): void {
  const i = full || vmlIsMkl() ? 0 : poissonSimd(x, y, n & ~3, out, gx, gy, gup, g, logInput != 0, eps);
  if (logInput) poisson<f32>(x, y, i, n, out, gx, gy, gup, g, true, full, eps);
  else poisson<f32>(x, y, i, n, out, gx, gy, gup, g, false, full, eps);
}

export function poisson_nll_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logInput: i32, full: i32, eps: f64): void {
  if (logInput) poisson<f64>(x, y, 0, n, out, gx, gy, gup, g, true, full, eps);
  else poisson<f64>(x, y, 0, n, out, gx, gy, gup, g, false, full, eps);
}

// ---- GaussianNLL (Python): v = var clamped to eps (gradient not stopped), 0.5 (log v + (x - y)^2 / v) [+ cst].
//      Autograd (g divided by N for mean; h = g 0.5, q = (x - y)^2 / v): dx = (h / v) (2 (x - y)), dy = -dx,
//      dvar = h / v + (-h) (q / v) ----

@inline function gaussian<T>(x: usize, y: usize, v: usize, i: i32, n: i32, out: usize, gx: usize, gy: usize, gv: usize, gup: usize, g: f64, eps: f64, cst: f64): void {
  const gs = <T>g;
  const e = <T>eps;
  const c = <T>cst;
  const full = cst != 0;
  for (; i < n; i++) {
    const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
    const vv = maxNaN<T>(load<T>(at<T>(v, i)), e);
    const q = d * d / vv;
    if (out) {
      const l = <T>0.5 * (tlog<T>(vv) + q);
      store<T>(at<T>(out, i), full ? l + c : l);
    }
    const h = gradAt<T>(gup, i, gs) * <T>0.5;
    const hv = h / vv;
    const dx = hv * (<T>2 * d);
    if (gx) store<T>(at<T>(gx, i), dx);
    if (gy) store<T>(at<T>(gy, i), -dx);
    if (gv) store<T>(at<T>(gv, i), hv + -h * (q / vv));
  }
}

/** cst is 0.5 log(2 pi) when full, else 0. */
export function gaussian_nll_f32(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gy: usize, gv: usize, gup: usize, g: f64, eps: f64, cst: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && !vmlIsMkl()) {
    const n4 = n & ~3;
    const gs = splat(<f32>g);
    const e = splat(<f32>eps);
    const c = splat(<f32>cst);
    const half = kf(HALF);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
      const vv = f32x4.pmax(v128.load(v + o), e);
      const q = f32x4.div(f32x4.mul(d, d), vv);
      if (out) {
        const l = f32x4.mul(half, f32x4.add(sleefLogf4(vv), q));
        v128.store(out + o, cst != 0 ? f32x4.add(l, c) : l);
      }
      const h = f32x4.mul(gup ? v128.load(gup + o) : gs, half);
      const hv = f32x4.div(h, vv);
      const dx = f32x4.mul(hv, f32x4.add(d, d));
      if (gx) v128.store(gx + o, dx);
      if (gy) v128.store(gy + o, negv(dx));
      if (gv) v128.store(gv + o, f32x4.add(hv, f32x4.mul(negv(h), f32x4.div(q, vv))));
      i += 4;
    } while (i < n4);
  }
  gaussian<f32>(x, y, v, i, n, out, gx, gy, gv, gup, g, eps, cst);
}

/** GaussianNLL's "var has negative entry" check: the first i with v[i] < 0 (NaN passes, as in PyTorch), or -1. */
@inline function firstNegative<T>(v: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) if (load<T>(at<T>(v, i)) < <T>0) return i;
  return -1;
}

export function first_negative_f32(v: usize, n: i32): i32 {
  return firstNegative<f32>(v, n);
}

export function first_negative_f64(v: usize, n: i32): i32 {
  return firstNegative<f64>(v, n);
}

export function gaussian_nll_f64(x: usize, y: usize, v: usize, n: i32, out: usize, gx: usize, gy: usize, gv: usize, gup: usize, g: f64, eps: f64, cst: f64): void {
  gaussian<f64>(x, y, v, 0, n, out, gx, gy, gv, gup, g, eps, cst);
}

// ---- KLDiv (a composite): log_target ? exp(y) (y - x) : xlogy(y, y) - y x (xlogy: a scalar kernel, glibc's log;
//      NaN for a NaN y, 0 where y == 0); dx = -(g exp(y)) resp. -(g y) (g divided by N for mean, B for batchmean);
//      dy = g exp(y) + (g (y - x)) exp(y), resp. (g xlogy(y != 0, y) + (g y) / y) + (-g) x ----

@inline function klDiv<T>(x: usize, y: usize, i: i32, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logTarget: bool): void {
  const gs = <T>g;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const t = load<T>(at<T>(y, i));
    const f = logTarget ? texp<T>(t) : t;
    const lt: T = logTarget || t != t ? t : t == <T>0 ? <T>0 : glog<T>(t); // xlogy(y != 0, y)
    if (out) store<T>(at<T>(out, i), logTarget ? f * (t - xv) : (t == <T>0 ? <T>0 : t * lt) - t * xv);
    const gi = gradAt<T>(gup, i, gs);
    if (gx) store<T>(at<T>(gx, i), -(gi * f));
    if (gy) store<T>(at<T>(gy, i), logTarget ? gi * f + gi * (t - xv) * f : gi * lt + gi * t / t + -gi * xv);
  }
}

export function kl_div_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logTarget: i32): void {
  if (!logTarget) {
    // xlogy is a scalar kernel in ATen (glibc's log): glibcLogf4 gives its bits four lanes at a time.
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const n4 = n & ~3;
      const gs = splat(<f32>g);
      const zero = splat(0);
      if (n4 > 0) do {
        const o = <usize>i << 2;
        const t = v128.load(y + o);
        const xv = v128.load(x + o);
        const z = f32x4.eq(t, zero);
        // xlogy(y != 0, y): y where y is NaN, 0 where y == 0, else log y.
        const lt = v128.bitselect(t, v128.andnot(glibcLogf4(t), z), f32x4.ne(t, t));
        const gi = gup ? v128.load(gup + o) : gs;
        if (out) v128.store(out + o, f32x4.sub(v128.andnot(f32x4.mul(t, lt), z), f32x4.mul(t, xv)));
        if (gx) v128.store(gx + o, negv(f32x4.mul(gi, t)));
        if (gy) v128.store(gy + o, f32x4.add(f32x4.add(f32x4.mul(gi, lt), f32x4.div(f32x4.mul(gi, t), t)), f32x4.mul(negv(gi), xv)));
        i += 4;
      } while (i < n4);
    }
    klDiv<f32>(x, y, i, n, out, gx, gy, gup, g, false);
    return;
  }
  let i = 0;
  if (ASC_FEATURE_SIMD && !vmlIsMkl()) {
    const n4 = n & ~3;
    const gs = splat(<f32>g);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const t = v128.load(y + o);
      const f = sleefExpf4(t);
      const dt = f32x4.sub(t, v128.load(x + o));
      const gi = gup ? v128.load(gup + o) : gs;
      const gf = f32x4.mul(gi, f);
      if (out) v128.store(out + o, f32x4.mul(f, dt));
      if (gx) v128.store(gx + o, negv(gf));
      if (gy) v128.store(gy + o, f32x4.add(gf, f32x4.mul(f32x4.mul(gi, dt), f)));
      i += 4;
    } while (i < n4);
  }
  klDiv<f32>(x, y, i, n, out, gx, gy, gup, g, true);
}

export function kl_div_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, logTarget: i32): void {
  if (logTarget) klDiv<f64>(x, y, 0, n, out, gx, gy, gup, g, true);
  else klDiv<f64>(x, y, 0, n, out, gx, gy, gup, g, false);
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
  mrScalar<f32>(a, b, y, i, n, out, ga, gb, gy, gup, g, margin);
}

export function margin_ranking_f32(a: usize, b: usize, y: usize, n: i32, out: usize, ga: usize, gb: usize, gy: usize, gup: usize, g: f64, margin: f64): void {
  mrSimd(a, b, y, n, out, ga, gb, gy, gup, g, margin, (ga | gb | gy) != 0);
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
  heScalar<f32>(x, y, i, n, out, gx, gup, g, margin);
}

export function hinge_embedding_f32(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, margin: f64): void {
  heSimd(x, y, n, out, gx, gup, g, margin, gx != 0);
}

export function hinge_embedding_f64(x: usize, y: usize, n: i32, out: usize, gx: usize, gup: usize, g: f64, margin: f64): void {
  heScalar<f64>(x, y, 0, n, out, gx, gup, g, margin);
}
