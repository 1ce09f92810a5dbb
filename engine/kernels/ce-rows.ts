// Cross entropy and nll_loss over class-index targets, one position at a time, in ATen's order (see aten-class.ts):
// the generic kernels every dtype and layout takes, and the float32 SIMD path's leftover rows (ce-simd.ts).
// Layout and conventions: classification.ts.
import { casAdd, casCount, casSet, casUp, fms, lanesOf, vecSum } from "./aten-class";
import { gexp, vexp, vlog } from "./aten-elem";
import { sleefExpf4, sleefLogf4 } from "./aten-math";
import { at } from "./common";
import { sum_f32, sum_f64 } from "./reduce";

// ---------------------------------------------------------------- class-index targets (CrossEntropy, NLL)
// Both follow ATen's order exactly (see aten-class.ts): log_softmax per position (m = max, lse = log Σ exp(x - m),
// logp = (x - m) - lse), nll_loss's cascade, label smoothing's composite (torch.sum orders), and the backward of
// the one log_softmax node: g = nll's gradient + smoothing's, S = reduce(g), gx = fma(-exp(logp), S, g).
// mode: 0 = 'none', 1 = 'sum', 2 = 'mean'. go: the scalar upstream (sum / mean), or up[pos] (none; go if up = 0).
// res (T as f64): [0] = the reduced value, [1] = nll's total weight.

/** Row statistics of position pos: m and lse (T) at stats + 16·pos. */
@inline export function statAt(stats: usize, pos: i32): usize {
  return stats + (<usize>pos << 4);
}

/** log_softmax's max and sum of exps of the C classes at x + base (stride D elements), stored for pos (logStats logs it). */
export function lseAt<T>(x: usize, base: i32, C: i32, D: i32, glibc: bool, row: usize, st: usize): void {
  let m = load<T>(at<T>(x, base));
  for (let c = 1; c < C; c++) {
    const v = load<T>(at<T>(x, base + c * D));
    if (v > m || v != v) m = v; // vec::maximum propagates NaN
  }
  let s: T;
  if (D == 1) {
    expRow<T>(x + (<usize>base << alignof<T>()), m, <T>0, C, row);
    s = vecSum<T>(row, C);
  } else {
    s = <T>0;
    for (let c = 0; c < C; c++) {
      const z = load<T>(at<T>(x, base + c * D)) - m;
      const e = glibc ? gexp<T>(z) : vexp<T>(z);
      s = c ? s + e : e;
    }
  }
  store<f64>(st, <f64>m);
  store<f64>(st, <f64>s, 8);
}

/**
 * The row sums lseAt left at stats[p0, p1) turned into their logs in place: Sleef's log works lane by lane, so
 * four rows per float32 call give each row the bits of its own call (ATen logs its rows' sums as one vector map).
 */
export function logStats<T>(stats: usize, p0: i32, p1: i32): void {
  let pos = p0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4) {
    for (; pos + 4 <= p1; pos += 4) {
      const st = statAt(stats, pos);
      let v = f32x4.splat(<f32>load<f64>(st, 8));
      v = f32x4.replace_lane(v, 1, <f32>load<f64>(st, 24));
      v = f32x4.replace_lane(v, 2, <f32>load<f64>(st, 40));
      v = f32x4.replace_lane(v, 3, <f32>load<f64>(st, 56));
      const l = sleefLogf4(v);
      store<f64>(st, <f64>f32x4.extract_lane(l, 0), 8);
      store<f64>(st, <f64>f32x4.extract_lane(l, 1), 24);
      store<f64>(st, <f64>f32x4.extract_lane(l, 2), 40);
      store<f64>(st, <f64>f32x4.extract_lane(l, 3), 56);
    }
  }
  for (; pos < p1; pos++) {
    const st = statAt(stats, pos);
    store<f64>(st, <f64>vlog<T>(<T>load<f64>(st, 8)), 8);
  }
}

/**
 * dst[c] = Sleef exp((src[c] - m) - lse) over a contiguous row (lse = 0: exp(src[c] - m), the subtraction of 0
 * being exact); float32 takes four classes per Sleef call (the same bits as one at a time: exp is per lane), the
 * last C % 4 in the row's last four (rewriting a few classes with their own values) rather than one call each.
 */
@inline export function expRow<T>(src: usize, m: T, lse: T, C: i32, dst: usize): void {
  let c = 0;
  if (sizeof<T>() == 4 && ASC_FEATURE_SIMD) {
    const mv = f32x4.splat(<f32>m);
    const lv = f32x4.splat(<f32>lse);
    for (; c + 4 <= C; c += 4) {
      const o = <usize>c << 2;
      v128.store(dst + o, sleefExpf4(f32x4.sub(f32x4.sub(v128.load(src + o), mv), lv)));
    }
    if (c < C && C >= 4) {
      const o = <usize>(C - 4) << 2;
      v128.store(dst + o, sleefExpf4(f32x4.sub(f32x4.sub(v128.load(src + o), mv), lv)));
      return;
    }
  }
  for (; c < C; c++) store<T>(at<T>(dst, c), vexp<T>((load<T>(at<T>(src, c)) - m) - lse));
}

/** Σ_c logp[c]·w[c] of a position in torch.sum's order over the class dim (see classSum). */
function smoothSum<T>(x: usize, w: usize, base: i32, C: i32, D: i32, d: i32, m: T, lse: T, row: usize): T {
  for (let c = 0; c < C; c++) {
    const lp = (load<T>(at<T>(x, base + c * D)) - m) - lse;
    store<T>(at<T>(row, c), w ? lp * load<T>(at<T>(w, c)) : lp);
  }
  return classSum<T>(row, C, D, d);
}

/**
 * Cross entropy's forward of positions [p0, p1) in the generic (scalar) order. Smoothing keeps per position its term in
 * sm[pos] and, for the 'mean' divisors, the compact lists of the terms / weights of the positions not ignored
 * (lists at sm + 8·P and sm + 16·P, counted by casCount()).
 */
export function ceForward<T>(
  x: usize, tgt: usize, w: usize, C: i32, D: i32, P: i32, ignore: i32, ls: f64,
  out: usize, stats: usize, row: usize, sm: usize, p0: i32, p1: i32,
): void {
  const LN = lanesOf<T>();
  const as = <T>(1 - ls);
  const bs = <T>(ls / <f64>C);
  for (let pos = p0; pos < p1; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    lseAt<T>(x, n * C * D + d, C, D, D > 1 && d >= D - D % LN, row, statAt(stats, pos));
  }
  logStats<T>(stats, p0, p1);
  for (let pos = p0; pos < p1; pos++) {
    const n = pos / D;
    const d = pos - n * D;
    const base = n * C * D + d;
    const st = statAt(stats, pos);
    const t = <i32>load<f64>(at<f64>(tgt, pos));
    let l: T = <T>0;
    let smooth: T = <T>0;
    if (t != ignore) {
      const xt = load<T>(at<T>(x, base + t * D));
      const lp = (xt - <T>load<f64>(st)) - <T>load<f64>(st, 8);
      const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
      const k = casCount();
      casAdd<T>(pos, lp * wt, wt);
      l = -lp * wt;
      if (ls > 0) {
        smooth = -smoothSum<T>(x, w, base, C, D, d, <T>load<f64>(st), <T>load<f64>(st, 8), row);
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

/** nll_loss's forward (x holds log-probabilities): the cascade's level 0 in locals. */
export function nllForward<T>(x: usize, tgt: usize, w: usize, C: i32, D: i32, P: i32, ignore: i32, out: usize): void {
  if (D == 1) {
    nllForwardRows<T>(x, tgt, w, C, P, ignore, out);
    return;
  }
  let l0: T = <T>0;
  let w0: T = <T>0;
  let cnt = 0;
  for (let pos = 0; pos < P; pos++) {
    const t = <i32>load<f64>(at<f64>(tgt, pos));
    let l: T = <T>0;
    if (t != ignore) {
      const n = pos / D;
      const v = load<T>(at<T>(x, n * C * D + t * D + (pos - n * D)));
      const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
      l0 -= v * wt;
      w0 += wt;
      cnt++;
      l = -v * wt;
      if ((pos & 15) == 0) {
        casSet(l0, w0, cnt);
        casUp<T>(pos);
        l0 = <T>0;
        w0 = <T>0;
      }
    }
    if (out) store<T>(at<T>(out, pos), l);
  }
  casSet(l0, w0, cnt);
}

/** nllForward for D = 1 (one position a row): a row pointer instead of the (n, c, d) index, the same operations. */
@inline function nllForwardRows<T>(x: usize, tgt: usize, w: usize, C: i32, P: i32, ignore: i32, out: usize): void {
  let l0: T = <T>0;
  let w0: T = <T>0;
  let cnt = 0;
  const rowB = <usize>C << alignof<T>();
  let row = x;
  let pos = 0;
  if (P > 0) do {
    const t = <i32>load<f64>(tgt + (<usize>pos << 3));
    let l: T = <T>0;
    if (t != ignore) {
      const v = load<T>(row + (<usize>t << alignof<T>()));
      const wt: T = w ? load<T>(w + (<usize>t << alignof<T>())) : <T>1;
      l0 -= v * wt;
      w0 += wt;
      cnt++;
      l = -v * wt;
      if ((pos & 15) == 0) {
        casSet(l0, w0, cnt);
        casUp<T>(pos);
        l0 = <T>0;
        w0 = <T>0;
      }
    }
    if (out) store<T>(out + (<usize>pos << alignof<T>()), l);
    row += rowB;
    pos++;
  } while (pos < P);
  casSet(l0, w0, cnt);
}

/** nll_loss's backward: gx = 0 but at the targets, w[t]·grad (mode 0: -w[t]·up). */
export function nllBackward<T>(tgt: usize, w: usize, C: i32, D: i32, P: i32, ignore: i32, mode: i32, go: T, tw: T, up: usize, gx: usize): void {
  memory.fill(gx, 0, <usize>P * <usize>C * sizeof<T>());
  const grad: T = -(mode == 2 ? go / tw : go);
  if (D == 1) {
    const rowB = <usize>C << alignof<T>();
    let row = gx;
    for (let pos = 0; pos < P; pos++, row += rowB) {
      const t = <i32>load<f64>(tgt + (<usize>pos << 3));
      if (t == ignore) continue;
      const wt: T = w ? load<T>(w + (<usize>t << alignof<T>())) : <T>1;
      store<T>(row + (<usize>t << alignof<T>()), mode == 0 ? -wt * (up ? load<T>(up + (<usize>pos << alignof<T>())) : go) : grad * wt);
    }
    return;
  }
  for (let pos = 0; pos < P; pos++) {
    const t = <i32>load<f64>(at<f64>(tgt, pos));
    if (t == ignore) continue;
    const n = D == 1 ? pos : pos / D;
    const wt: T = w ? load<T>(at<T>(w, t)) : <T>1;
    const g: T = mode == 0 ? -wt * (up ? load<T>(at<T>(up, pos)) : go) : grad * wt;
    store<T>(at<T>(gx, n * C * D + t * D + (pos - n * D)), g);
  }
}

/** The backward of positions [p0, p1): gx of scale·value (gnll: the nll gradient at the target, gs: smoothing's). */
export function ceBackward<T>(
  x: usize, tgt: usize, w: usize, C: i32, D: i32, ignore: i32, ls: f64, mode: i32,
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
      store<T>(o, fms<T>(load<T>(o), glibc ? gexp<T>(lp) : vexp<T>(lp), S));
    }
  }
}

/** torch.sum over the class dim of an (N, C, D) tensor at one column, gathered into `col` (C values). */
@inline export function classSum<T>(col: usize, C: i32, D: i32, d: i32): T {
  if (D == 1) return sizeof<T>() == 4 ? <T>sum_f32(col, C) : <T>sum_f64(col, C);
  // Strided reduction (SumKernel's outer sums): columns in whole blocks of 4 vectors (4 columns when D is
  // under one vector) add the classes in order in a 4-level cascade, the others 4-interleaved (row_sum).
  const V = lanesOf<T>();
  const block = D >= V ? 4 * V : 4;
  return d < D - D % block ? rowCascade<T>(col, C, 1) : rowCascade<T>(col, C, 4);
}

/**
 * ATen's multi_row_sum over `C / k` rows of k values (k = 1: one column; k = 4: row_sum's interleaving),
 * 4 levels rolled up every 16 rows; leftover values join accumulator 0, then the k accumulators add in order.
 */
export function rowCascade<T>(p: usize, C: i32, k: i32): T {
  const rows = C / k;
  const A = ACC;  // acc[level][k] at A + 8·(4·level + k)
  memory.fill(A, 0, 128);
  let i = 0;
  while (i + 16 <= rows) {
    for (let j = 0; j < 16; j++, i++) {
      for (let q = 0; q < k; q++) store<T>(A + (<usize>q << 3), <T>load<T>(A + (<usize>q << 3)) + load<T>(at<T>(p, i * k + q)));
    }
    for (let j = 1; j < 4; j++) {
      for (let q = 0; q < k; q++) {
        const hi = A + (<usize>(4 * j + q) << 3);
        const lo = A + (<usize>(4 * (j - 1) + q) << 3);
        store<T>(hi, <T>load<T>(hi) + <T>load<T>(lo));
        store<T>(lo, <T>0);
      }
      if ((i & (15 << (4 * j))) != 0) break;
    }
  }
  for (; i < rows; i++) {
    for (let q = 0; q < k; q++) store<T>(A + (<usize>q << 3), <T>load<T>(A + (<usize>q << 3)) + load<T>(at<T>(p, i * k + q)));
  }
  for (let j = 1; j < 4; j++) {
    for (let q = 0; q < k; q++) store<T>(A + (<usize>q << 3), <T>load<T>(A + (<usize>q << 3)) + <T>load<T>(A + (<usize>(4 * j + q) << 3)));
  }
  let s = <T>load<T>(A);
  for (let i2 = rows * k; i2 < C; i2++) s += load<T>(at<T>(p, i2));
  for (let q = 1; q < k; q++) s += <T>load<T>(A + (<usize>q << 3));
  return s;
}

const ACC = memory.data(128, 16);
