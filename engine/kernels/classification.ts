// CrossEntropyLoss (class indices and class probabilities, label smoothing, class weights) and NLLLoss.
// Layout: input (N, C, D) row-major, D = d1*...*dK (1 for (N, C)); element (n, c, d) at (n*C + c)*D + d.
// Targets (int64 in the engine) arrive as float64 class indices. A "position" is one (n, d): its loss goes to
// out[n*D + d]. Every kernel follows PyTorch 1.13's CPU order of operations (see aten-class.ts), so that values,
// per-element losses and gradients are bit-identical to it.
import { TORCH_SCALAR_IN_DTYPE, torchFlag } from "./torch-flags";
import { at } from "./common";
import { casAdd, casCount, casReset, casSet, casTotal, casUp, fms, lanesOf, vecSum } from "./aten-class";
import { gexp, vexp, vlog } from "./aten-elem";
import { sleefExpf, sleefExpf4, sleefLogf, sleefLogf4 } from "./aten-math";
import { sum_f32, sum_f64 } from "./reduce";

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

/** log_softmax's max and sum of exps of the C classes at x + base (stride D elements), stored for pos (logStats logs it). */
function lseAt<T>(x: usize, base: i32, C: i32, D: i32, glibc: bool, row: usize, st: usize): void {
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
function logStats<T>(stats: usize, p0: i32, p1: i32): void {
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
@inline function expRow<T>(src: usize, m: T, lse: T, C: i32, dst: usize): void {
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
function ceForward<T>(
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
function nllForward<T>(x: usize, tgt: usize, w: usize, C: i32, D: i32, P: i32, ignore: i32, out: usize): void {
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
function nllBackward<T>(tgt: usize, w: usize, C: i32, D: i32, P: i32, ignore: i32, mode: i32, go: T, tw: T, up: usize, gx: usize): void {
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
function ceBackward<T>(
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

// ---------------------------------------------------------------- float32 SIMD (D = 1, no smoothing)


// The same operations as ceForward / ceBackward in the same order, four lanes at a time. With one-hot g the
// backward's S is g[t] (+ 0 when C > 1: the other lanes add +0), so gx = fma(-e, S, 0) except at t (negMulZ).

/** Four rows' class block k (4 classes from byte offset o) as four class vectors (a 4x4 transpose). */
@inline function transposeIn(b0: usize, b1: usize, b2: usize, b3: usize, o: usize, dst: usize): void {
  const v0 = v128.load(b0 + o);
  const v1 = v128.load(b1 + o);
  const v2 = v128.load(b2 + o);
  const v3 = v128.load(b3 + o);
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(dst, i64x2.shuffle(t0, t1, 1, 3), 16);
  v128.store(dst, i64x2.shuffle(t2, t3, 0, 2), 32);
  v128.store(dst, i64x2.shuffle(t2, t3, 1, 3), 48);
}

/** The inverse: four class vectors at src back to four rows' class block. */
@inline function transposeOut(src: usize, b0: usize, b1: usize, b2: usize, b3: usize, o: usize): void {
  const c0 = v128.load(src);
  const c1 = v128.load(src, 16);
  const c2 = v128.load(src, 32);
  const c3 = v128.load(src, 48);
  const t0 = i32x4.shuffle(c0, c1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(c2, c3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(c0, c1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(c2, c3, 2, 6, 3, 7);
  v128.store(b0 + o, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(b1 + o, i64x2.shuffle(t0, t1, 1, 3));
  v128.store(b2 + o, i64x2.shuffle(t2, t3, 0, 2));
  v128.store(b3 + o, i64x2.shuffle(t2, t3, 1, 3));
}

/** ATen's float32 horizontal tree over eight lane vectors at p (lane k of vector j = accumulator lane j of row k). */
@inline function tree8v(p: usize): v128 {
  const v0 = f32x4.add(v128.load(p), v128.load(p, 64));
  const v1 = f32x4.add(v128.load(p, 16), v128.load(p, 80));
  const v2 = f32x4.add(v128.load(p, 32), v128.load(p, 96));
  const v3 = f32x4.add(v128.load(p, 48), v128.load(p, 112));
  return f32x4.add(f32x4.add(v0, v2), f32x4.add(v1, v3));
}

/** nll's per-row gradient at the target (before log_softmax's backward): mode 0 -w[t]·up, else w[t]·grad. */
@inline function gTarget(t: i32, ignore: i32, w: usize, mode: i32, grad: f32, go: f32, up: usize, pos: i32): f32 {
  if (t == ignore) return 0;
  const wt: f32 = w ? load<f32>(w + (<usize>t << 2)) : 1;
  if (mode == 0) return -wt * (up ? load<f32>(up + (<usize>pos << 2)) : go);
  return grad * wt;
}

/** The forward's per-position part after the row statistics: the cascade and out. */
@inline function nllAt(t: i32, ignore: i32, w: usize, pos: i32, lpt: f32, out: usize): void {
  let l: f32 = 0;
  if (t != ignore) {
    const wt: f32 = w ? load<f32>(w + (<usize>t << 2)) : 1;
    casAdd<f32>(pos, lpt * wt, wt);
    l = -lpt * wt;
  }
  if (out) store<f32>(out + (<usize>pos << 2), l);
}

/**
 * fma(-e, S, 0) per lane (log_softmax_backward's g - exp(out)·S off the target, where g = 0): -(e·S) rounded,
 * whose sign survives an underflow to zero (-0 where S > 0, as the fused PyTorch kernel gives), and +0 where the
 * product is an exact zero (e = 0, or S = 0). okS: the lanes whose S is finite and nonzero.
 */
@inline function negMulZ(e: v128, S: v128, okS: v128): v128 {
  const r = f32x4.neg(f32x4.mul(e, S));
  const zero = f32x4.splat(0);
  return v128.bitselect(v128.and(r, f32x4.ne(e, zero)), f32x4.add(r, zero), okS);
}

/** The lanes of S that are finite and nonzero (see negMulZ). */
@inline function finiteNonzero(S: v128): v128 {
  return v128.and(f32x4.ne(S, f32x4.splat(0)), f32x4.lt(f32x4.abs(S), f32x4.splat(<f32>Infinity)));
}

/** Rows [0, P4) four at a time (one row per lane). scratch: 3·C + 8 vectors. */
@inline function ceAcrossF32(
  x: usize, tgt: usize, w: usize, P4: i32, C: i32, ignore: i32, mode: i32, grad: f32, go: f32,
  up: usize, out: usize, gx: usize, scratch: usize, wGrad: bool,
): void {
  const rowB = <usize>C << 2;
  const C4 = C & ~3;
  const xs = scratch;
  const es = scratch + (<usize>C << 4);
  const acc = es + (<usize>C << 4);
  let pos = 0;
  if (P4 > 0) do {
    const b0 = x + <usize>pos * rowB;
    const b1 = b0 + rowB;
    const b2 = b1 + rowB;
    const b3 = b2 + rowB;
    for (let c = 0; c < C4; c += 4) transposeIn(b0, b1, b2, b3, <usize>c << 2, xs + (<usize>c << 4));
    for (let c = C4; c < C; c++) {
      const o = <usize>c << 2;
      let v = f32x4.splat(load<f32>(b0 + o));
      v = f32x4.replace_lane(v, 1, load<f32>(b1 + o));
      v = f32x4.replace_lane(v, 2, load<f32>(b2 + o));
      v128.store(xs + (<usize>c << 4), f32x4.replace_lane(v, 3, load<f32>(b3 + o)));
    }
    let m = v128.load(xs);
    for (let c = 1; c < C; c++) m = f32x4.max(m, v128.load(xs + (<usize>c << 4)));
    // Σ exp(x - m) in ATen's lane order: in class order below 8 classes, else lane (c mod 8) then the tree.
    let s = f32x4.splat(0);
    let c = 0;
    do {
      const e = sleefExpf4(f32x4.sub(v128.load(xs + (<usize>c << 4)), m));
      if (C < 8) s = c ? f32x4.add(s, e) : e;
      else {
        const a = acc + (<usize>(c & 7) << 4);
        v128.store(a, c < 8 ? e : f32x4.add(v128.load(a), e));
      }
      c++;
    } while (c < C);
    if (C >= 8) s = tree8v(acc);
    const lse = sleefLogf4(s);
    const t0 = <i32>load<f64>(tgt + (<usize>pos << 3));
    const t1 = <i32>load<f64>(tgt + (<usize>pos << 3), 8);
    const t2 = <i32>load<f64>(tgt + (<usize>pos << 3), 16);
    const t3 = <i32>load<f64>(tgt + (<usize>pos << 3), 24);
    // x[t] per lane (class 0 where ignored), logp[t] = (x[t] - m) - lse.
    let xt = f32x4.splat(load<f32>(b0 + (<usize>(t0 == ignore ? 0 : t0) << 2)));
    xt = f32x4.replace_lane(xt, 1, load<f32>(b1 + (<usize>(t1 == ignore ? 0 : t1) << 2)));
    xt = f32x4.replace_lane(xt, 2, load<f32>(b2 + (<usize>(t2 == ignore ? 0 : t2) << 2)));
    xt = f32x4.replace_lane(xt, 3, load<f32>(b3 + (<usize>(t3 == ignore ? 0 : t3) << 2)));
    const lpt = f32x4.sub(f32x4.sub(xt, m), lse);
    nllAt(t0, ignore, w, pos, f32x4.extract_lane(lpt, 0), out);
    nllAt(t1, ignore, w, pos + 1, f32x4.extract_lane(lpt, 1), out);
    nllAt(t2, ignore, w, pos + 2, f32x4.extract_lane(lpt, 2), out);
    nllAt(t3, ignore, w, pos + 3, f32x4.extract_lane(lpt, 3), out);
    if (wGrad) {
      let gt = f32x4.splat(gTarget(t0, ignore, w, mode, grad, go, up, pos));
      gt = f32x4.replace_lane(gt, 1, gTarget(t1, ignore, w, mode, grad, go, up, pos + 1));
      gt = f32x4.replace_lane(gt, 2, gTarget(t2, ignore, w, mode, grad, go, up, pos + 2));
      gt = f32x4.replace_lane(gt, 3, gTarget(t3, ignore, w, mode, grad, go, up, pos + 3));
      const S = C > 1 ? f32x4.add(gt, f32x4.splat(0)) : gt;
      const okS = finiteNonzero(S);
      c = 0;
      do {
        const e = sleefExpf4(f32x4.sub(f32x4.sub(v128.load(xs + (<usize>c << 4)), m), lse));
        v128.store(es + (<usize>c << 4), negMulZ(e, S, okS));
        c++;
      } while (c < C);
      const g0 = gx + (b0 - x);
      const g1 = g0 + rowB;
      const g2 = g1 + rowB;
      const g3 = g2 + rowB;
      for (let k = 0; k < C4; k += 4) transposeOut(es + (<usize>k << 4), g0, g1, g2, g3, <usize>k << 2);
      for (let k = C4; k < C; k++) {
        const o = <usize>k << 2;
        const v = v128.load(es + (<usize>k << 4));
        store<f32>(g0 + o, f32x4.extract_lane(v, 0));
        store<f32>(g1 + o, f32x4.extract_lane(v, 1));
        store<f32>(g2 + o, f32x4.extract_lane(v, 2));
        store<f32>(g3 + o, f32x4.extract_lane(v, 3));
      }
      const et = sleefExpf4(lpt);
      fixTarget(g0, t0, ignore, f32x4.extract_lane(gt, 0), f32x4.extract_lane(et, 0), f32x4.extract_lane(S, 0));
      fixTarget(g1, t1, ignore, f32x4.extract_lane(gt, 1), f32x4.extract_lane(et, 1), f32x4.extract_lane(S, 1));
      fixTarget(g2, t2, ignore, f32x4.extract_lane(gt, 2), f32x4.extract_lane(et, 2), f32x4.extract_lane(S, 2));
      fixTarget(g3, t3, ignore, f32x4.extract_lane(gt, 3), f32x4.extract_lane(et, 3), f32x4.extract_lane(S, 3));
    }
    pos += 4;
  } while (pos < P4);
}

/** Rows from this many classes run one row at a time (ceRowsF32): contiguous loads, no transposes. */
const ROWWISE_C = 32;

// Scratch for a row's eight accumulator lanes (the partial last vector adds into the first lanes).
const ROW_ACC = memory.data(32, 16);

/**
 * Rows [0, N) one at a time, C >= ROWWISE_C: ATen's own lanes, eight classes a step in two vectors (lane c mod 8
 * accumulates class c, the partial last vector into the first lanes, then AVX2's tree), the same operations per
 * element as ceAcrossF32 (max, exp(x - m), lse, exp(logp), -(e·S) + 0 and the target's fma).
 */
@inline function ceRowsF32(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, ignore: i32, mode: i32, grad: f32, go: f32,
  up: usize, out: usize, gx: usize, wGrad: bool,
): void {
  const rowB = <usize>C << 2;
  const C8 = C & ~7;
  const C4 = C & ~3;
  let pos = 0;
  if (N > 0) do {
    const b = x + <usize>pos * rowB;
    // max (order-free: f32.max propagates NaN and orders -0 below +0)
    let m0 = v128.load(b);
    let m1 = v128.load(b, 16);
    let c = 8;
    for (; c < C8; c += 8) {
      const o = b + (<usize>c << 2);
      m0 = f32x4.max(m0, v128.load(o));
      m1 = f32x4.max(m1, v128.load(o, 16));
    }
    m0 = f32x4.max(m0, m1);
    let m = max<f32>(max<f32>(f32x4.extract_lane(m0, 0), f32x4.extract_lane(m0, 1)), max<f32>(f32x4.extract_lane(m0, 2), f32x4.extract_lane(m0, 3)));
    for (c = C8; c < C; c++) m = max<f32>(m, load<f32>(b + (<usize>c << 2)));
    // Σ exp(x - m): lanes 0-3 in s0, 4-7 in s1.
    const mv = f32x4.splat(m);
    let s0 = sleefExpf4(f32x4.sub(v128.load(b), mv));
    let s1 = sleefExpf4(f32x4.sub(v128.load(b, 16), mv));
    for (c = 8; c < C8; c += 8) {
      const o = b + (<usize>c << 2);
      s0 = f32x4.add(s0, sleefExpf4(f32x4.sub(v128.load(o), mv)));
      s1 = f32x4.add(s1, sleefExpf4(f32x4.sub(v128.load(o, 16), mv)));
    }
    if (C8 < C) {
      v128.store(ROW_ACC, s0);
      v128.store(ROW_ACC, s1, 16);
      for (c = C8; c < C; c++) {
        const a = ROW_ACC + (<usize>(c - C8) << 2);
        store<f32>(a, load<f32>(a) + sleefExpf(load<f32>(b + (<usize>c << 2)) - m));
      }
      s0 = v128.load(ROW_ACC);
      s1 = v128.load(ROW_ACC, 16);
    }
    const v = f32x4.add(s0, s1);
    const s = (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 2)) + (f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 3));
    const lse = sleefLogf(s);
    const t = <i32>load<f64>(tgt + (<usize>pos << 3));
    const lpt: f32 = t == ignore ? 0 : (load<f32>(b + (<usize>t << 2)) - m) - lse;
    nllAt(t, ignore, w, pos, lpt, out);
    if (wGrad) {
      const gt = gTarget(t, ignore, w, mode, grad, go, up, pos);
      const S: f32 = gt + <f32>0; // C > 1: the other classes' zeros
      const Sv = f32x4.splat(S);
      const okS = finiteNonzero(Sv);
      const lv = f32x4.splat(lse);
      const g = gx + (b - x);
      c = 0;
      do {
        const o = <usize>c << 2;
        const e = sleefExpf4(f32x4.sub(f32x4.sub(v128.load(b + o), mv), lv));
        v128.store(g + o, negMulZ(e, Sv, okS));
        c += 4;
      } while (c < C4);
      for (; c < C; c++) {
        const o = <usize>c << 2;
        store<f32>(g + o, fms<f32>(<f32>0, sleefExpf((load<f32>(b + o) - m) - lse), S));
      }
      if (t != ignore) store<f32>(g + (<usize>t << 2), fms<f32>(gt, sleefExpf(lpt), S));
    }
    pos++;
  } while (pos < N);
}

/** gx[t] = fma(-exp(logp[t]), S, g[t]) for a row at g (not for an ignored row). */
@inline function fixTarget(g: usize, t: i32, ignore: i32, gt: f32, et: f32, S: f32): void {
  if (t != ignore) store<f32>(g + (<usize>t << 2), fms<f32>(gt, et, S));
}

/** The float32 fast path: forward (+ backward) of every row; false when it does not apply. */
@inline function ceFastF32(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, ignore: i32, mode: i32, tw: f32, go: f32,
  up: usize, out: usize, gx: usize, stats: usize, scratch: usize,
): void {
  const grad: f32 = -(mode == 2 ? go / tw : go);
  if (C >= ROWWISE_C) {
    ceRowsF32(x, tgt, w, N, C, ignore, mode, grad, go, up, out, gx, gx != 0);
    return;
  }
  const P4 = N & ~3;
  ceAcrossF32(x, tgt, w, P4, C, ignore, mode, grad, go, up, out, gx, scratch, gx != 0);
  // The last rows through the generic code (its statistics in stats).
  ceForward<f32>(x, tgt, w, C, 1, N, ignore, 0, out, stats, scratch, 0, P4, N);
  if (gx) ceBackward<f32>(x, tgt, w, C, 1, ignore, 0, mode, go, 0, tw, up, gx, stats, P4, N);
}

/**
 * Class-index cross entropy (logProbs = false) or nll_loss (true). scratch: stats (16·P bytes), then a row
 * buffer (48·C + 128 bytes), then for label smoothing 24·P bytes.
 */
function ceIndex<T>(
  x: usize, tgt: usize, w: usize, N: i32, C: i32, D: i32, ignore: i32, ls: f64, mode: i32, go: f64,
  up: usize, out: usize, gx: usize, res: usize, scratch: usize, logProbs: bool,
): void {
  const P = N * D;
  const stats = scratch;
  const row = scratch + (<usize>P << 4);
  const sm = row + (<usize>C * 48 + 128);
  const fast = sizeof<T>() == 4 && ASC_FEATURE_SIMD && !logProbs && ls == 0 && D == 1 && C > 1;
  let tw: T = <T>0;
  casReset();
  if (fast) {
    // The gradient needs nll's total weight first: a pass over the targets adds it in the cascade's order.
    if (gx && mode == 2) {
      for (let pos = 0; pos < P; pos++) {
        const t = <i32>load<f64>(at<f64>(tgt, pos));
        if (t != ignore) casAdd<T>(pos, <T>0, w ? load<T>(at<T>(w, t)) : <T>1);
      }
      tw = w ? casTotal<T>(64) : <T>casCount();
      casReset();
    }
    ceFastF32(x, tgt, w, N, C, ignore, mode, <f32>tw, <f32>go, up, out, gx, stats, row);
  } else if (logProbs) nllForward<T>(x, tgt, w, C, D, P, ignore, out);
  else ceForward<T>(x, tgt, w, C, D, P, ignore, ls, out, stats, row, sm, 0, P);
  const cnt = casCount();
  tw = w ? casTotal<T>(64) : <T>cnt;
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
  if (!gx || fast) return;
  if (logProbs) {
    nllBackward<T>(tgt, w, C, D, P, ignore, mode, <T>go, tw, up, gx);
    return;
  }
  // Scalar upstream: autograd multiplies a 0-dim gradient by the Python float in float64 (then rounds); PyTorch
  // 2.x in the gradient's dtype (the float rounded first).
  let dnll = <T>go;
  let gs: T = <T>0;
  if (ls > 0 && mode != 0) {
    const inDtype = torchFlag(TORCH_SCALAR_IN_DTYPE);
    dnll = inDtype ? <T>go * <T>(1 - ls) : <T>(go * (1 - ls));
    const dret = inDtype ? <T>go * <T>(ls / <f64>C) : <T>(go * (ls / <f64>C));
    gs = -(mode == 2 ? dret / div : dret);
  }
  ceBackward<T>(x, tgt, w, C, D, ignore, ls, mode, dnll, gs, tw, up, gx, stats, 0, P);
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

// ---------------------------------------------------------------- class-probability targets
// ATen's composite (cross_entropy_loss_prob_target): lp = log_softmax(x); q = p·(1 - ls) + ls/C;
// 'none': -Σ_c (lp·q)·w over the class dim, else -Σ_all (lp·q)·w (/ P for 'mean'). Autograd: g = -(go / P)
// (or -go, -up[pos]); d(lp·q) = g·w; dlp = that·q, dq = that·lp (·(1 - ls)); then log_softmax's backward.

/** torch.sum over the class dim of an (N, C, D) tensor at one column, gathered into `col` (C values). */
@inline function classSum<T>(col: usize, C: i32, D: i32, d: i32): T {
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
function rowCascade<T>(p: usize, C: i32, k: i32): T {
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


/**
 * nll_loss's bounds check over class-index targets held as float64: the first position whose target is neither
 * `ignore` nor in [0, C), or -1. In wasm: a JavaScript loop over the caller's array cost a third of NLLLoss's call.
 */
export function class_index_check(tgt: usize, n: i32, C: i32, ignore: f64): i32 {
  const c = <f64>C;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Eight targets a step (the scalar test per lane: NaN passes, as below); the first bad one found by the loop below.
    const iv = f64x2.splat(ignore);
    const zero = f64x2.splat(0);
    const cv = f64x2.splat(c);
    for (; i + 8 <= n; i += 8) {
      const p = tgt + (<usize>i << 3);
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const d = v128.load(p, 32);
      const e = v128.load(p, 48);
      const bad = v128.or(
        v128.or(
          v128.and(f64x2.ne(a, iv), v128.or(f64x2.lt(a, zero), f64x2.ge(a, cv))),
          v128.and(f64x2.ne(b, iv), v128.or(f64x2.lt(b, zero), f64x2.ge(b, cv))),
        ),
        v128.or(
          v128.and(f64x2.ne(d, iv), v128.or(f64x2.lt(d, zero), f64x2.ge(d, cv))),
          v128.and(f64x2.ne(e, iv), v128.or(f64x2.lt(e, zero), f64x2.ge(e, cv))),
        ),
      );
      if (v128.any_true(bad)) break;
    }
  }
  for (; i < n; i++) {
    const v = load<f64>(tgt + (<usize>i << 3));
    if (v != ignore && (v < 0 || v >= c)) return i;
  }
  return -1;
}
