// BCELoss (probabilities) and BCEWithLogitsLoss (logits, pos_weight), as PyTorch 1.13 computes them. Weight
// pointers of 0 mean "no weight". Gradients are the final ones: upstream g inside (gup[i], or the scalar g), the
// weight, then the division by count for mean (count 0: none). Conventions: index.ts.
import { PASS_BLOCK, at, passEnd } from "./common";
import { maxNaN } from "./scalar-math";
import { gexp, glog, tlog, vexp, vlog, vlog1p } from "./aten-elem";
import { glibcLog1p, glibcLog1pf, glibcLogf4, sleefExpf4, sleefLog1pf4, sleefLogf4 } from "./aten-math";
import { NAN, NINF, ONE, kf } from "./consts";
import { negAbsv, negv, splat } from "./simd-math";

// The pass blocks' scratch (common.ts PASS_BLOCK).
const PASS_A = memory.data(PASS_BLOCK << 2, 16);
const PASS_B = memory.data(PASS_BLOCK << 2, 16);

@inline function ld<T>(p: usize, i: i32, dflt: T): T {
  return p ? load<T>(at<T>(p, i)) : dflt;
}

@inline function meanDiv<T>(v: T, count: i32): T {
  return count ? v / <T>count : v;
}

// ---- BCE (one scalar kernel, glibc's log): (y - 1) max(log(1 - p), -100) - y max(log p, -100), times w;
//      backward: (g (p - y)) / max((1 - p) p, EPSILON), times w, / N (EPSILON is the float 1e-12, also in
//      float64); the target's: (log(1 - p) - log p) g (Sleef: whole-tensor logs), times w, / N. ----

@inline function glog1p<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>glibcLog1pf(<f32>x);
  return <T>glibcLog1p(<f64>x);
}

// PyTorch 2.x (v2): the forward takes log1p(-p) (glibc) for log(1 - p); the target's gradient is
// binary_cross_entropy_target_backward's -logit(p) g (logit: log(p / (1 - p)), a whole-tensor log), times w, / N.
function bce<T>(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gy: usize, gup: usize, g: f64, count: i32, v2: bool = false): void {
  const gs = <T>g;
  for (let i = 0; i < n; i++) {
    const pv = load<T>(at<T>(p, i));
    const t = load<T>(at<T>(y, i));
    if (out) {
      const l1m = v2 ? glog1p<T>(-pv) : glog<T>(<T>1 - pv);
      const l = (t - <T>1) * maxNaN<T>(l1m, <T>-100) - t * maxNaN<T>(glog<T>(pv), <T>-100);
      store<T>(at<T>(out, i), w ? l * load<T>(at<T>(w, i)) : l);
    }
    if (gp) {
      const d = ld<T>(gup, i, gs) * (pv - t) / maxNaN<T>((<T>1 - pv) * pv, <T><f32>1e-12);
      store<T>(at<T>(gp, i), meanDiv<T>(w ? d * load<T>(at<T>(w, i)) : d, count));
    }
    if (gy) {
      const d = v2 ? -tlog<T>(pv / (<T>1 - pv)) * ld<T>(gup, i, gs) : (vlog<T>(<T>1 - pv) - vlog<T>(pv)) * ld<T>(gup, i, gs);
      store<T>(at<T>(gy, i), meanDiv<T>(w ? d * load<T>(at<T>(w, i)) : d, count));
    }
  }
}

/** maxNaN on four lanes: b where a < b, else a (NaN stays). */
@inline function maxNaN4(a: v128, b: v128): v128 {
  return v128.bitselect(b, a, f32x4.lt(a, b));
}

export function bce_f32(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gy: usize, gup: usize, g: f64, count: i32): void {
  // Unweighted: bce's operations four lanes at a time, glibc's logf through glibcLogf4 (the same bits).
  let i = 0;
  if (ASC_FEATURE_SIMD && !w) {
    const n4 = n & ~3;
    const gs = splat(<f32>g);
    const cnt = splat(<f32>count);
    const one = kf(ONE);
    const m100 = splat(-100);
    const eps = splat(<f32>1e-12);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const pv = v128.load(p + o);
      const t = v128.load(y + o);
      const q = f32x4.sub(one, pv);
      if (out) {
        const a = f32x4.mul(f32x4.sub(t, one), maxNaN4(glibcLogf4(q), m100));
        v128.store(out + o, f32x4.sub(a, f32x4.mul(t, maxNaN4(glibcLogf4(pv), m100))));
      }
      const gi = gup ? v128.load(gup + o) : gs;
      if (gp) {
        const d = f32x4.div(f32x4.mul(gi, f32x4.sub(pv, t)), maxNaN4(f32x4.mul(q, pv), eps));
        v128.store(gp + o, count ? f32x4.div(d, cnt) : d);
      }
      if (gy) {
        const d = f32x4.mul(f32x4.sub(sleefLogf4(q), sleefLogf4(pv)), gi);
        v128.store(gy + o, count ? f32x4.div(d, cnt) : d);
      }
      i += 4;
    } while (i < n4);
  }
  bce<f32>(p + (<usize>i << 2), y + (<usize>i << 2), w, n - i, out ? out + (<usize>i << 2) : 0, gp ? gp + (<usize>i << 2) : 0, gy ? gy + (<usize>i << 2) : 0, gup ? gup + (<usize>i << 2) : 0, g, count);
}

export function bce_f64(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gy: usize, gup: usize, g: f64, count: i32): void {
  bce<f64>(p, y, w, n, out, gp, gy, gup, g, count);
}

export function bce_v2_f32(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gy: usize, gup: usize, g: f64, count: i32): void {
  bce<f32>(p, y, w, n, out, gp, gy, gup, g, count, true);
}

export function bce_v2_f64(p: usize, y: usize, w: usize, n: i32, out: usize, gp: usize, gy: usize, gup: usize, g: f64, count: i32): void {
  bce<f64>(p, y, w, n, out, gp, gy, gup, g, count, true);
}

// ---- BCEWithLogits (ATen, op by op): m = max(-x, 0), lse = log(exp(-m) + exp(-x - m)) (Sleef: whole tensors);
//      no pos_weight: ((1 - y) x + m) + lse; with it: (1 - y) x + lw (lse + m), lw = (pw - 1) y + 1; times w.
//      Backward: s = sigmoid(x) (a cpu_kernel_vec: Sleef in the first nv elements, glibc after);
//      dx = (s - y) g, or (((pw y + 1) - y) s - pw y) g; times w, / N. dy = (-x) g, or
//      (logsigmoid(-x) - logsigmoid(x) pw) g (logsigmoid: min(v, 0) - log1p(exp(-|v|)), Sleef), times w, / N. ----

@inline function logSigmoid<T>(v: T): T {
  return (v < <T>0 || v != v ? v : <T>0) - vlog1p<T>(vexp<T>(-abs<T>(v)));
}

// PyTorch 2.x (v2) forward: ls = log_sigmoid(x) (Sleef on every element), times lw = (pw - 1) y + 1 when given;
// loss = (1 - y) x - ls, times w. The backward is unchanged.
@inline function bceLogits<T>(x: usize, y: usize, w: usize, pw: usize, i: i32, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, count: i32, nv: i32, v2: bool = false): void {
  const gs = <T>g;
  for (; i < n; i++) {
    const xv = load<T>(at<T>(x, i));
    const t = load<T>(at<T>(y, i));
    const wv = ld<T>(w, i, <T>1);
    if (out && v2) {
      let ls = logSigmoid<T>(xv);
      if (pw) ls = ls * ((ld<T>(pw, i, 0) - <T>1) * t + <T>1);
      const l = (<T>1 - t) * xv - ls;
      store<T>(at<T>(out, i), w ? l * wv : l);
    } else if (out) {
      const m = maxNaN<T>(-xv, <T>0);
      const lse = vlog<T>(vexp<T>(-m) + vexp<T>(-xv - m));
      const a = (<T>1 - t) * xv;
      const l = pw ? a + ((ld<T>(pw, i, 0) - <T>1) * t + <T>1) * (lse + m) : a + m + lse;
      store<T>(at<T>(out, i), w ? l * wv : l);
    }
    if (gx | gy) {
      const gi = ld<T>(gup, i, gs);
      if (gx) {
        const s = <T>1 / (<T>1 + (i < nv ? vexp<T>(<T>0 - xv) : gexp<T>(-xv)));
        let d: T;
        if (pw) {
          const t2 = ld<T>(pw, i, 0) * t;
          d = ((t2 + <T>1 - t) * s - t2) * gi;
        } else d = (s - t) * gi;
        store<T>(at<T>(gx, i), meanDiv<T>(w ? d * wv : d, count));
      }
      if (gy) {
        const d = (pw ? logSigmoid<T>(-xv) - logSigmoid<T>(xv) * ld<T>(pw, i, 0) : -xv) * gi;
        store<T>(at<T>(gy, i), meanDiv<T>(w ? d * wv : d, count));
      }
    }
  }
}

export function bce_logits_f32(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, count: i32, nv: i32): void {
  // Unweighted: four lanes of Sleef over ATen's vectorized part (sigmoid's too), then the generic loop.
  let i = 0;
  if (ASC_FEATURE_SIMD && !(w | pw)) {
    const n4 = nv & ~3;
    const gs = splat(<f32>g);
    const cnt = splat(<f32>count);
    const one = kf(ONE);
    const zero = splat(0);
    // Blocks in passes (the exps first), as soft_margin_f32 (pointwise.ts) and for the same reason.
    while (i < n4) {
      const end = passEnd(i, n4);
      const blockBytes = <usize>(end - i) << 2;
      if (out) {
        for (let o: usize = 0; o < blockBytes; o += 16) v128.store(PASS_A + o, sleefExpf4(negAbsv(v128.load(x + (<usize>i << 2) + o))));
        for (let o: usize = 0; o < blockBytes; o += 16) {
          const e = f32x4.add(v128.load(PASS_A + o), one);
          v128.store(PASS_A + o, sleefLogf4(v128.bitselect(kf(NAN), e, f32x4.eq(v128.load(x + (<usize>i << 2) + o), kf(NINF)))));
        }
      }
      if (gx) for (let o: usize = 0; o < blockBytes; o += 16) v128.store(PASS_B + o, sleefExpf4(f32x4.sub(zero, v128.load(x + (<usize>i << 2) + o))));
      for (let j = i; j < end; j += 4) {
        const o = <usize>j << 2;
        const s = <usize>(j - i) << 2;
        const xv = v128.load(x + o);
        const t = v128.load(y + o);
        const nx = negv(xv);
        if (out) {
          const m = f32x4.pmax(nx, zero);
          // exp(-m) + exp(-x - m): one of the two is exp(0) = 1, the other exp(-|x|) (x = -inf: inf - inf, NaN).
          const lse = v128.load(PASS_A + s);
          v128.store(out + o, f32x4.add(f32x4.add(f32x4.mul(f32x4.sub(one, t), xv), m), lse));
        }
        const gi = gup ? v128.load(gup + o) : gs;
        if (gx) {
          const d = f32x4.mul(f32x4.sub(f32x4.div(one, f32x4.add(one, v128.load(PASS_B + s))), t), gi);
          v128.store(gx + o, count ? f32x4.div(d, cnt) : d);
        }
        if (gy) {
          const d = f32x4.mul(nx, gi);
          v128.store(gy + o, count ? f32x4.div(d, cnt) : d);
        }
      }
      i = end;
    }
  }
  bceLogits<f32>(x, y, w, pw, i, n, out, gx, gy, gup, g, count, nv);
}

export function bce_logits_f64(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, count: i32, nv: i32): void {
  bceLogits<f64>(x, y, w, pw, 0, n, out, gx, gy, gup, g, count, nv);
}

export function bce_logits_v2_f32(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, count: i32, nv: i32): void {
  // Unweighted: four lanes over ATen's vectorized part (log_sigmoid is Sleef on every element, so the split only
  // matters for sigmoid's), then the generic loop.
  let i = 0;
  if (ASC_FEATURE_SIMD && !(w | pw)) {
    const n4 = nv & ~3;
    const gs = splat(<f32>g);
    const cnt = splat(<f32>count);
    const one = kf(ONE);
    const zero = splat(0);
    if (n4 > 0) do {
      const o = <usize>i << 2;
      const xv = v128.load(x + o);
      const t = v128.load(y + o);
      if (out) {
        // log_sigmoid: min(x, 0) - log1p(exp(-|x|)); loss (1 - y) x - log_sigmoid(x).
        const ls = f32x4.sub(f32x4.pmin(zero, xv), sleefLog1pf4(sleefExpf4(negAbsv(xv))));
        v128.store(out + o, f32x4.sub(f32x4.mul(f32x4.sub(one, t), xv), ls));
      }
      const gi = gup ? v128.load(gup + o) : gs;
      if (gx) {
        const d = f32x4.mul(f32x4.sub(f32x4.div(one, f32x4.add(one, sleefExpf4(f32x4.sub(zero, xv)))), t), gi);
        v128.store(gx + o, count ? f32x4.div(d, cnt) : d);
      }
      if (gy) {
        const d = f32x4.mul(negv(xv), gi);
        v128.store(gy + o, count ? f32x4.div(d, cnt) : d);
      }
      i += 4;
    } while (i < n4);
  }
  bceLogits<f32>(x, y, w, pw, i, n, out, gx, gy, gup, g, count, nv, true);
}

export function bce_logits_v2_f64(x: usize, y: usize, w: usize, pw: usize, n: i32, out: usize, gx: usize, gy: usize, gup: usize, g: f64, count: i32, nv: i32): void {
  bceLogits<f64>(x, y, w, pw, 0, n, out, gx, gy, gup, g, count, nv, true);
}

// ---- BCE's range checks (binary_cross_entropy's kernel, element by element, the input before the target, whose
//      check PyTorch 2.x added): in wasm, where a JavaScript loop over the caller's arrays cost a third of the call.
//      Returns -1 when every element passes, i when input[i] is the first failure, -(i + 2) when target[i] is. ----

@inline function unitInterval<T>(p: usize, y: usize, n: i32, checkY: bool): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<T>(at<T>(p, i));
    if (!(v >= <T>0 && v <= <T>1)) return i;
    if (checkY) {
      const t = load<T>(at<T>(y, i));
      if (!(t >= <T>0 && t <= <T>1)) return -(i + 2);
    }
  }
  return -1;
}

export function unit_interval_f32(p: usize, y: usize, n: i32, checkY: bool): i32 {
  // Four lanes at a time while every lane passes; the first vector with a failure (or the tail) goes element by
  // element, so the first failing element and its kind are the scalar loop's.
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(p + o);
      let ok = v128.and(f32x4.ge(v, zero), f32x4.le(v, one));
      if (checkY) {
        const t = v128.load(y + o);
        ok = v128.and(ok, v128.and(f32x4.ge(t, zero), f32x4.le(t, one)));
      }
      if (!i32x4.all_true(ok)) break;
    }
  }
  const r = unitInterval<f32>(p + (<usize>i << 2), y + (<usize>i << 2), n - i, checkY);
  return r == -1 ? -1 : r >= 0 ? r + i : r - i;
}

export function unit_interval_f64(p: usize, y: usize, n: i32, checkY: bool): i32 {
  return unitInterval<f64>(p, y, n, checkY);
}
