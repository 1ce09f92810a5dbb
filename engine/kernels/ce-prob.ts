// Cross entropy with class-probability targets (ATen's cross_entropy_loss_prob_target composite), every dtype and
// layout; the float32 rows of (N, C) inputs in SIMD. Layout and conventions: classification.ts.
import { fms, lanesOf, vecSum } from "./aten-class";
import { gexp, vexp } from "./aten-elem";
import { classSum, expRow, logStats, lseAt, statAt } from "./ce-rows";
import { at } from "./common";
import { sum_f32, sum_f64 } from "./reduce";

// ---------------------------------------------------------------- class-probability targets
// ATen's composite (cross_entropy_loss_prob_target): lp = log_softmax(x); q = p·(1 - ls) + ls/C;
// 'none': -Σ_c (lp·q)·w over the class dim, else -Σ_all (lp·q)·w (/ P for 'mean'). Autograd: g = -(go / P)
// (or -go, -up[pos]); d(lp·q) = g·w; dlp = that·q, dq = that·lp (·(1 - ls)); then log_softmax's backward.

/** The mixed target of class c at element i: p, or p·(1 - ls) + ls/C. */
@inline function qAt<T>(p: usize, i: i32, ls: f64, C: i32): T {
  const v = load<T>(at<T>(p, i));
  return ls > 0 ? v * <T>(1 - ls) + <T>(ls / <f64>C) : v;
}

function ceProb<T>(
  x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, mode: i32, go: f64,
  up: usize, out: usize, gx: usize, gt: usize, res: usize, scratch: usize,
): void {
  const P = N * D;
  const LN = lanesOf<T>();
  const stats = scratch;
  const row = scratch + (<usize>P << 4);
  const prod = row + (<usize>C << 3);
  for (let pos = 0; pos < P; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    lseAt<T>(x, n * C * D + d, C, D, D > 1 && d >= D - D % LN, row, statAt(stats, pos));
  }
  logStats<T>(stats, 0, P);
  for (let pos = 0; pos < P; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    const base = n * C * D + d;
    const st = statAt(stats, pos);
    const m = <T>load<f64>(st);
    const lse = <T>load<f64>(st, 8);
    let c0 = 0;
    if (ASC_FEATURE_SIMD) if (D == 1 && sizeof<T>() == 4) c0 = probRowF32(x, p, w, base, C, ls, <f32>m, <f32>lse, row, mode != 0 ? prod : 0);
    for (let c = c0; c < C; c++) {
      const i = base + c * D;
      const v = ((load<T>(at<T>(x, i)) - m) - lse) * qAt<T>(p, i, ls, C);
      const pr = w ? v * load<T>(at<T>(w, c)) : v;
      store<T>(at<T>(row, c), pr);
      if (mode != 0) store<T>(at<T>(prod, i), pr);
    }
    if (out) store<T>(at<T>(out, pos), -classSum<T>(row, C, D, d));
  }
  if (mode != 0) {
    const s: T = -(sizeof<T>() == 4 ? <T>sum_f32(prod, P * C) : <T>sum_f64(prod, P * C));
    store<f64>(res, <f64>(mode == 2 ? s / <T>P : s));
  }
  if (!gx && !gt) return;
  const gAll: T = -(mode == 2 ? <T>go / <T>P : <T>go);
  for (let pos = 0; pos < P; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    const base = n * C * D + d;
    const g: T = mode == 0 ? -(up ? load<T>(at<T>(up, pos)) : <T>go) : gAll;
    const st = statAt(stats, pos);
    const m = <T>load<f64>(st);
    const lse = <T>load<f64>(st, 8);
    let c0 = 0;
    if (ASC_FEATURE_SIMD) if (D == 1 && sizeof<T>() == 4) c0 = probGradRowF32(x, p, w, base, C, ls, <f32>m, <f32>lse, <f32>g, row, gt);
    for (let c = c0; c < C; c++) {
      const i = base + c * D;
      const gr = w ? g * load<T>(at<T>(w, c)) : g;
      store<T>(at<T>(row, c), gr * qAt<T>(p, i, ls, C));
      if (gt) {
        const q = gr * ((load<T>(at<T>(x, i)) - m) - lse);
        store<T>(at<T>(gt, i), ls > 0 ? q * <T>(1 - ls) : q);
      }
    }
    if (!gx) continue;
    let S: T;
    if (D == 1) S = vecSum<T>(row, C);
    else {
      S = load<T>(row);
      for (let c = 1; c < C; c++) S += load<T>(at<T>(row, c));
    }
    const glibc = D > 1 && d >= D - D % LN;
    if (D == 1 && sizeof<T>() == 4) {
      // A contiguous float32 row: its exps first, four at a time, in the row buffer's second half (8·C bytes).
      const es = row + (<usize>C << alignof<T>());
      expRow<T>(x + (<usize>base << alignof<T>()), m, lse, C, es);
      let c = 0;
      if (ASC_FEATURE_RELAXED_SIMD) {
        // fms = fma(-e, S, g): relaxed_madd fuses on the hosts that load this build.
        const Sv = f32x4.splat(<f32>S);
        for (; c + 4 <= C; c += 4) {
          const o = <usize>c << 2;
          v128.store(gx + (<usize>(base + c) << 2), f32x4.relaxed_madd(f32x4.neg(v128.load(es + o)), Sv, v128.load(row + o)));
        }
      }
      for (; c < C; c++) store<T>(at<T>(gx, base + c), fms<T>(load<T>(at<T>(row, c)), load<T>(at<T>(es, c)), S));
      continue;
    }
    for (let c = 0; c < C; c++) {
      const i = base + c * D;
      const lp = (load<T>(at<T>(x, i)) - m) - lse;
      store<T>(at<T>(gx, i), fms<T>(load<T>(at<T>(row, c)), glibc ? gexp<T>(lp) : vexp<T>(lp), S));
    }
  }
}

/** The mixed targets of four classes from element i (qAt's operations per lane). */
@inline function qAt4(p: usize, i: i32, ls: f64, C: i32): v128 {
  const v = v128.load(p + (<usize>i << 2));
  return ls > 0 ? f32x4.add(f32x4.mul(v, f32x4.splat(<f32>(1 - ls))), f32x4.splat(<f32>(ls / <f64>C))) : v;
}

/** ceProb's forward products of a contiguous float32 row, four classes at a time; returns where the scalar loop goes on. */
function probRowF32(x: usize, p: usize, w: usize, base: i32, C: i32, ls: f64, m: f32, lse: f32, row: usize, prod: usize): i32 {
  const mv = f32x4.splat(m);
  const lv = f32x4.splat(lse);
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const i = base + c;
    const v = f32x4.mul(f32x4.sub(f32x4.sub(v128.load(x + (<usize>i << 2)), mv), lv), qAt4(p, i, ls, C));
    const pr = w ? f32x4.mul(v, v128.load(w + (<usize>c << 2))) : v;
    v128.store(row + (<usize>c << 2), pr);
    if (prod) v128.store(prod + (<usize>i << 2), pr);
  }
  return c;
}

/** ceProb's backward products of a contiguous float32 row (row = g·w·q, gt = g·w·logp (·(1 - ls))), four at a time. */
function probGradRowF32(x: usize, p: usize, w: usize, base: i32, C: i32, ls: f64, m: f32, lse: f32, g: f32, row: usize, gt: usize): i32 {
  const mv = f32x4.splat(m);
  const lv = f32x4.splat(lse);
  const gv = f32x4.splat(g);
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const i = base + c;
    const gr = w ? f32x4.mul(gv, v128.load(w + (<usize>c << 2))) : gv;
    v128.store(row + (<usize>c << 2), f32x4.mul(gr, qAt4(p, i, ls, C)));
    if (gt) {
      const q = f32x4.mul(gr, f32x4.sub(f32x4.sub(v128.load(x + (<usize>i << 2)), mv), lv));
      v128.store(gt + (<usize>i << 2), ls > 0 ? f32x4.mul(q, f32x4.splat(<f32>(1 - ls))) : q);
    }
  }
  return c;
}

/** scratch: 16·P + 8·C + 8·numel bytes. res[0]: the reduced value (sum / mean). */
export function ce_prob_f32(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, mode: i32, go: f64, up: usize, out: usize, gx: usize, gt: usize, res: usize, scratch: usize): void {
  ceProb<f32>(x, p, w, N, C, D, ls, mode, go, up, out, gx, gt, res, scratch);
}

export function ce_prob_f64(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, mode: i32, go: f64, up: usize, out: usize, gx: usize, gt: usize, res: usize, scratch: usize): void {
  ceProb<f64>(x, p, w, N, C, D, ls, mode, go, up, out, gx, gt, res, scratch);
}
