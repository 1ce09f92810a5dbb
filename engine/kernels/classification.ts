// CrossEntropyLoss (class indices and class probabilities, label smoothing, class weights) and NLLLoss.
// Layout: input (N, C, D) row-major, D = d1*...*dK (1 for (N, C)); element (n, c, d) at (n*C + c)*D + d.
// Targets (int64 in the engine) arrive as float64 class indices. A "position" is one (n, d): its loss goes to
// out[n*D + d]. Gradients are written for every element (0 where a position is ignored).
import { kf, ONE, ZERO } from "./consts";
import { at, hsum } from "./common";
import { expv, logv } from "./simd-math";
import { expT, logT } from "./scalar-math";
import { casAdd, casCount, casReset, casTotal, fms, gexp, lanesOf, sexp, slog, vecSum } from "./aten-class";
import { sum_f32, sum_f64 } from "./reduce";


/** Rows of at least this many classes are vectorised along the row; fewer, across rows (4 positions per vector). */
const ALONG_ROW_C: i32 = 32;

@inline function gather(b0: usize, b1: usize, b2: usize, b3: usize, o: usize): v128 {
  let v = f32x4.splat(load<f32>(b0 + o));
  v = f32x4.replace_lane(v, 1, load<f32>(b1 + o));
  v = f32x4.replace_lane(v, 2, load<f32>(b2 + o));
  return f32x4.replace_lane(v, 3, load<f32>(b3 + o));
}

@inline function scatter(b0: usize, b1: usize, b2: usize, b3: usize, o: usize, v: v128): void {
  store<f32>(b0 + o, f32x4.extract_lane(v, 0));
  store<f32>(b1 + o, f32x4.extract_lane(v, 1));
  store<f32>(b2 + o, f32x4.extract_lane(v, 2));
  store<f32>(b3 + o, f32x4.extract_lane(v, 3));
}

/** Element offset of position pos's class-0 element. */
@inline function baseOf(pos: i32, C: i32, D: i32): usize {
  if (D == 1) return <usize>pos * <usize>C;
  const n = pos / D;
  return <usize>(n * C * D + (pos - n * D));
}

/**
 * Cross entropy with class-probability targets p (same shape as x); label smoothing mixes them:
 * q = p·(1 - ls) + ls/C.  out[pos] = -Σ_c w[c]·q[c]·logp[c].  Gradients of scale·Σ (times up[pos]):
 * gx = Σ_k(w q)·softmax - w·q, gt = -(1 - ls)·w·logp. Returns Σ out.
 */
@inline function ceProb<T>(
  x: usize, p: usize, w: usize, C: i32, D: i32, ls: f64, scale: f64,
  up: usize, out: usize, gx: usize, gt: usize, p0: i32, p1: i32,
): f64 {
  let total: f64 = 0;
  const keep = <T>(1 - ls);
  const add = <T>(ls / <f64>C);
  const smoothing = ls > 0;
  for (let pos = p0; pos < p1; pos++) {
    {
      const base = <i32>baseOf(pos, C, D);
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

/**
 * float32, few classes: class-probability targets four positions per vector (gathers, SIMD exp/log).
 * scratch: 3·C vectors (exp(x - max), gathered x, mixed targets q). Returns the positions done (multiple of 4).
 */
@inline function ceProbAcross(
  x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64,
  up: usize, out: usize, gx: usize, gt: usize, scratch: usize, total: usize,
): i32 {
  const P4 = (N * D) & ~3;
  const smoothing = ls > 0;
  const keep = f32x4.splat(<f32>(1 - ls));
  const add = f32x4.splat(<f32>(ls / <f64>C));
  const zero = kf(ZERO);
  const one = kf(ONE);
  const stride = <usize>D << 2;
  const xs = scratch + (<usize>C << 4);
  const qs = scratch + (<usize>C << 5);
  const grad = gx != 0 || gt != 0;
  let sum: f64 = 0;
  let pos = 0;
  while (pos < P4) {
    const end = pos + 1024 < P4 ? pos + 1024 : P4;
    let acc = zero;
    do {
      const e0 = baseOf(pos, C, D) << 2;
      const e1 = baseOf(pos + 1, C, D) << 2;
      const e2 = baseOf(pos + 2, C, D) << 2;
      const e3 = baseOf(pos + 3, C, D) << 2;
      let m = gather(x + e0, x + e1, x + e2, x + e3, 0);
      v128.store(xs, m);
      let c = 1;
      let o: usize = stride;
      if (C > 1) do {
        const v = gather(x + e0, x + e1, x + e2, x + e3, o);
        v128.store(xs + (<usize>c << 4), v);
        m = f32x4.max(m, v);
        o += stride;
        c++;
      } while (c < C);
      let s = zero;
      let W = zero;
      let Z = zero;
      c = 0;
      o = 0;
      do {
        const z = f32x4.sub(v128.load(xs + (<usize>c << 4)), m);
        const e = expv(z);
        s = f32x4.add(s, e);
        let q = gather(p + e0, p + e1, p + e2, p + e3, o);
        if (smoothing) q = f32x4.add(f32x4.mul(q, keep), add);
        const wq = w ? f32x4.mul(q, f32x4.splat(load<f32>(w + (<usize>c << 2)))) : q;
        W = f32x4.add(W, wq);
        Z = f32x4.add(Z, f32x4.mul(wq, z));
        if (grad) {
          v128.store(scratch + (<usize>c << 4), e);
          v128.store(qs + (<usize>c << 4), wq);
        }
        o += stride;
        c++;
      } while (c < C);
      const lse = logv(s);
      const l = f32x4.sub(f32x4.mul(W, lse), Z);
      acc = f32x4.add(acc, l);
      if (out) v128.store(out + (<usize>pos << 2), l);
      if (grad) {
        const u = f32x4.mul(f32x4.splat(<f32>scale), up ? v128.load(up + (<usize>pos << 2)) : one);
        const k = f32x4.div(f32x4.mul(W, u), s);
        const ku = f32x4.mul(keep, u);
        c = 0;
        o = 0;
        do {
          const co = <usize>c << 4;
          if (gx) scatter(gx + e0, gx + e1, gx + e2, gx + e3, o, f32x4.sub(f32x4.mul(v128.load(scratch + co), k), f32x4.mul(v128.load(qs + co), u)));
          if (gt) {
            const logp = f32x4.sub(f32x4.sub(v128.load(xs + co), m), lse);
            const wl = w ? f32x4.mul(f32x4.splat(load<f32>(w + (<usize>c << 2))), logp) : logp;
            scatter(gt + e0, gt + e1, gt + e2, gt + e3, o, f32x4.neg(f32x4.mul(wl, ku)));
          }
          o += stride;
          c++;
        } while (c < C);
      }
      pos += 4;
    } while (pos < end);
    sum += hsum(acc);
  }
  store<f64>(total, sum);
  return pos;
}

export function ce_prob_f32(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64, up: usize, out: usize, gx: usize, gt: usize, scratch: usize): f64 {
  let done = 0;
  let total: f64 = 0;
  if (ASC_FEATURE_SIMD && C > 0 && C < ALONG_ROW_C) {
    done = ceProbAcross(x, p, w, N, C, D, ls, scale, up, out, gx, gt, scratch, scratch);
    total = load<f64>(scratch);
  }
  return total + ceProb<f32>(x, p, w, C, D, ls, scale, up, out, gx, gt, done, N * D);
}

export function ce_prob_f64(x: usize, p: usize, w: usize, N: i32, C: i32, D: i32, ls: f64, scale: f64, up: usize, out: usize, gx: usize, gt: usize): f64 {
  return ceProb<f64>(x, p, w, C, D, ls, scale, up, out, gx, gt, 0, N * D);
}

// ---------------------------------------------------------------- class-index targets (CrossEntropy, NLL)
// Both follow ATen's order exactly (see aten-class.ts): log_softmax per position (m = max, lse = log Σ exp(x - m),
// logp = (x - m) - lse), nll_loss's cascade, label smoothing's composite (torch.sum orders), and the backward of
// the one log_softmax node: g = nll's gradient + smoothing's, S = reduce(g), gx = fma(-exp(logp), S, g).
// mode: 0 = 'none', 1 = 'sum', 2 = 'mean'. go: the scalar upstream (sum / mean), or up[pos] (none; go if up = 0).
// res (T as f64): [0] = the reduced value, [1] = nll's total weight.

/** Row statistics of position pos: m and lse (T) at stats + 16·pos. */
@inline function statAt(stats: usize, pos: i32): usize {
  return stats + (<usize>pos << 4);
}

/** log_softmax's max and log-sum-exp of the C classes at x + base (stride D elements), stored for pos. */
@inline function lseAt<T>(x: usize, base: i32, C: i32, D: i32, glibc: bool, row: usize, st: usize): void {
  let m = load<T>(at<T>(x, base));
  for (let c = 1; c < C; c++) {
    const v = load<T>(at<T>(x, base + c * D));
    if (v > m || v != v) m = v; // vec::maximum propagates NaN
  }
  let s: T;
  if (D == 1) {
    for (let c = 0; c < C; c++) store<T>(at<T>(row, c), sexp<T>(load<T>(at<T>(x, base + c)) - m));
    s = vecSum<T>(row, C);
  } else {
    s = <T>0;
    for (let c = 0; c < C; c++) {
      const z = load<T>(at<T>(x, base + c * D)) - m;
      const e = glibc ? gexp<T>(z) : sexp<T>(z);
      s = c ? s + e : e;
    }
  }
  store<f64>(st, <f64>m);
  store<f64>(st, <f64>slog<T>(s), 8);
}

/** Σ_c logp[c]·w[c] of a position in torch.sum's order (a row: its 1-D sum; strided: in class order). */
@inline function smoothSum<T>(x: usize, w: usize, base: i32, C: i32, D: i32, m: T, lse: T, row: usize): T {
  for (let c = 0; c < C; c++) {
    const lp = (load<T>(at<T>(x, base + c * D)) - m) - lse;
    store<T>(at<T>(row, c), w ? lp * load<T>(at<T>(w, c)) : lp);
  }
  if (D == 1) return sizeof<T>() == 4 ? <T>sum_f32(row, C) : <T>sum_f64(row, C);
  let s = load<T>(row);
  for (let c = 1; c < C; c++) s += load<T>(at<T>(row, c));
  return s;
}

/**
 * The forward of positions [p0, p1) in the generic (scalar) order. Smoothing keeps per position its term in
 * sm[pos] and, for the 'mean' divisors, the compact lists of the terms / weights of the positions not ignored
 * (lists at sm + 8·P and sm + 16·P, counted by casCount()).
 */
@inline function ceForward<T>(
  x: usize, tgt: usize, w: usize, C: i32, D: i32, P: i32, ignore: i32, ls: f64, logProbs: bool,
  out: usize, stats: usize, row: usize, sm: usize, p0: i32, p1: i32,
): void {
  const LN = lanesOf<T>();
  const as = <T>(1 - ls);
  const bs = <T>(ls / <f64>C);
  for (let pos = p0; pos < p1; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    const base = n * C * D + d;
    const st = statAt(stats, pos);
    if (!logProbs) lseAt<T>(x, base, C, D, D > 1 && d >= D - D % LN, row, st);
    const t = <i32>load<f64>(at<f64>(tgt, pos));
    let l: T = <T>0;
    let smooth: T = <T>0;
    if (t != ignore) {
      const xt = load<T>(at<T>(x, base + t * D));
      const lp = logProbs ? xt : (xt - <T>load<f64>(st)) - <T>load<f64>(st, 8);
      const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
      const k = casCount();
      casAdd<T>(pos, lp * wt, wt);
      l = -lp * wt;
      if (ls > 0) {
        smooth = -smoothSum<T>(x, w, base, C, D, <T>load<f64>(st), <T>load<f64>(st, 8), row);
        store<T>(at<T>(sm + (<usize>P << 3), k), smooth);
        store<T>(at<T>(sm + (<usize>P << 4), k), wt);
      }
    }
    if (ls > 0) {
      store<T>(at<T>(sm, pos), smooth);
      l = as * l + smooth * bs;
    }
    if (out) store<T>(at<T>(out, pos), l);
  }
}

/** The backward of positions [p0, p1): gx of scale·value (gnll: the nll gradient at the target, gs: smoothing's). */
@inline function ceBackward<T>(
  x: usize, tgt: usize, w: usize, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, logProbs: bool,
  dnll: T, gsAll: T, tw: T, up: usize, gx: usize, stats: usize, p0: i32, p1: i32,
): void {
  const LN = lanesOf<T>();
  const as = <T>(1 - ls);
  const bs = <T>(ls / <f64>C);
  const grad: T = -(mode == 2 ? dnll / tw : dnll);
  for (let pos = p0; pos < p1; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    const base = n * C * D + d;
    const t = <i32>load<f64>(at<f64>(tgt, pos));
    const wt: T = t != ignore && w ? load<T>(at<T>(w, t)) : <T>1;
    let gn: T = grad * wt;
    let gs = gsAll;
    if (mode == 0) {
      const u: T = up ? load<T>(at<T>(up, pos)) : dnll;
      gn = -wt * (ls > 0 ? u * as : u);
      gs = -(u * bs);
    }
    if (t == ignore) gs = -<T>0;
    if (logProbs) {
      if (t != ignore) store<T>(at<T>(gx, base + t * D), gn);
      continue;
    }
    // g in gx, then S = reduce(g) and gx = fma(-exp(logp), S, g).
    for (let c = 0; c < C; c++) store<T>(at<T>(gx, base + c * D), ls > 0 ? <T>0 + gs * (w ? load<T>(at<T>(w, c)) : <T>1) : <T>0);
    if (t != ignore) {
      const o = at<T>(gx, base + t * D);
      store<T>(o, ls > 0 ? gn + gs * wt : gn);
    }
    let S: T;
    if (D == 1) S = vecSum<T>(at<T>(gx, base), C);
    else {
      S = load<T>(at<T>(gx, base));
      for (let c = 1; c < C; c++) S += load<T>(at<T>(gx, base + c * D));
    }
    const st = statAt(stats, pos);
    const m = <T>load<f64>(st);
    const lse = <T>load<f64>(st, 8);
    const glibc = D > 1 && d >= D - D % LN;
    for (let c = 0; c < C; c++) {
      const o = at<T>(gx, base + c * D);
      const lp = (load<T>(at<T>(x, base + c * D)) - m) - lse;
      store<T>(o, fms<T>(load<T>(o), glibc ? gexp<T>(lp) : sexp<T>(lp), S));
    }
  }
}

/**
 * Class-index cross entropy (logProbs = false) or nll_loss (true). scratch: stats (16·P bytes), then a row
 * buffer (8·C), then for label smoothing 24·P bytes.
 */
@inline function ceIndex<T>(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64,
  up: usize, out: usize, gx: usize, res: usize, scratch: usize, logProbs: bool,
): void {
  const P = N * D;
  const stats = scratch;
  const row = scratch + (<usize>P << 4);
  const sm = row + (<usize>C << 3);
  casReset();
  ceForward<T>(x, tgt, w, C, D, P, ignore, ls, logProbs, out, stats, row, sm, 0, P);
  const cnt = casCount();
  const tw: T = w ? casTotal<T>(64) : <T>cnt;
  const L = casTotal<T>(0);
  let value: T = mode == 2 ? L / tw : L;
  // Smoothing: ret = Σ sm (mean: over the positions not ignored without a weight, / Σ w[t] or the count).
  let div: T = <T>1;
  if (ls > 0) {
    const weighted = w != 0;
    const compact = mode == 2 && !weighted;
    const sp = compact ? sm + (<usize>P << 3) : sm;
    const sn = compact ? cnt : P;
    const sumS: T = sizeof<T>() == 4 ? <T>sum_f32(sp, sn) : <T>sum_f64(sp, sn);
    if (mode == 2) div = weighted ? (sizeof<T>() == 4 ? <T>sum_f32(sm + (<usize>P << 4), cnt) : <T>sum_f64(sm + (<usize>P << 4), cnt)) : <T>cnt;
    const ret: T = mode == 2 ? sumS / div : sumS;
    value = <T>(1 - ls) * value + ret * <T>(ls / <f64>C);
  }
  store<f64>(res, <f64>value);
  store<f64>(res + 8, <f64>tw);
  if (!gx) return;
  memory.fill(gx, 0, <usize>P * <usize>C * sizeof<T>());
  // Scalar upstream: autograd multiplies a 0-dim gradient by the Python float in float64 (then rounds).
  let dnll = <T>go;
  let gs: T = <T>0;
  if (ls > 0 && mode != 0) {
    dnll = <T>(go * (1 - ls));
    const dret = <T>(go * (ls / <f64>C));
    gs = -(mode == 2 ? dret / div : dret);
  }
  ceBackward<T>(x, tgt, w, C, D, ignore, ls, mode, logProbs, dnll, gs, tw, up, gx, stats, 0, P);
}

export function ce_index_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize, scratch: usize): void {
  ceIndex<f32>(x, tgt, w, N, C, D, ignore, ls, mode, go, up, out, gx, res, scratch, false);
}

export function ce_index_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize, scratch: usize): void {
  ceIndex<f64>(x, tgt, w, N, C, D, ignore, ls, mode, go, up, out, gx, res, scratch, false);
}

export function nll_f32(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize): void {
  ceIndex<f32>(x, tgt, w, N, C, D, ignore, 0, mode, go, up, out, gx, res, 0, true);
}

export function nll_f64(x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, mode: i32, go: f64, up: usize, out: usize, gx: usize, res: usize): void {
  ceIndex<f64>(x, tgt, w, N, C, D, ignore, 0, mode, go, up, out, gx, res, 0, true);
}
