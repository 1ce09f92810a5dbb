// Class-index cross entropy in float32, four rows at a time (D = 1, no smoothing, no log-probability input):
// the same operations as ce-rows.ts's ceForward / ceBackward in the same order.
import { casAdd, fms } from "./aten-class";
import { expConst, sleefExpf, sleefExpf4, sleefExpf4K, sleefLogf, sleefLogf4 } from "./aten-math";
import { ceBackward, ceForward } from "./ce-rows";
import { at } from "./common";

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

/** negMulZ where every lane of S is finite and nonzero: -(e·S), +0 where e = 0. */
@inline function negMulFinite(e: v128, S: v128): v128 {
  return v128.and(f32x4.neg(f32x4.mul(e, S)), f32x4.ne(e, f32x4.splat(0)));
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
  const k0 = expConst(0), k1 = expConst(1), k2 = expConst(2), k3 = expConst(3), k4 = expConst(4);
  const k5 = expConst(5), k6 = expConst(6), k7 = expConst(7), k8 = expConst(8), k9 = expConst(9);
  let pos = 0;
  if (N > 0) do {
    const b = x + <usize>pos * rowB;
    // max (order-free: f32.max propagates NaN and orders -0 below +0), and min for the exps' range
    let m0 = v128.load(b);
    let m1 = v128.load(b, 16);
    let n0 = m0;
    let n1 = m1;
    let c = 8;
    for (; c < C8; c += 8) {
      const o = b + (<usize>c << 2);
      const v0 = v128.load(o);
      const v1 = v128.load(o, 16);
      m0 = f32x4.max(m0, v0);
      m1 = f32x4.max(m1, v1);
      n0 = f32x4.min(n0, v0);
      n1 = f32x4.min(n1, v1);
    }
    m0 = f32x4.max(m0, m1);
    n0 = f32x4.min(n0, n1);
    let m = max<f32>(max<f32>(f32x4.extract_lane(m0, 0), f32x4.extract_lane(m0, 1)), max<f32>(f32x4.extract_lane(m0, 2), f32x4.extract_lane(m0, 3)));
    let lo = min<f32>(min<f32>(f32x4.extract_lane(n0, 0), f32x4.extract_lane(n0, 1)), min<f32>(f32x4.extract_lane(n0, 2), f32x4.extract_lane(n0, 3)));
    for (c = C8; c < C; c++) {
      const v = load<f32>(b + (<usize>c << 2));
      m = max<f32>(m, v);
      lo = min<f32>(lo, v);
    }
    // Every x - m in [-86, 0] (rounding is monotonic, so the row's least decides; a NaN fails):
    // the exps need no range check.
    const ordinary = lo - m >= -86;
    // Σ exp(x - m): lanes 0-3 in s0, 4-7 in s1.
    const mv = f32x4.splat(m);
    let s0: v128, s1: v128;
    if (ordinary) {
      s0 = sleefExpf4K(f32x4.sub(v128.load(b), mv), true, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
      s1 = sleefExpf4K(f32x4.sub(v128.load(b, 16), mv), true, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
      for (c = 8; c < C8; c += 8) {
        const o = b + (<usize>c << 2);
        s0 = f32x4.add(s0, sleefExpf4K(f32x4.sub(v128.load(o), mv), true, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9));
        s1 = f32x4.add(s1, sleefExpf4K(f32x4.sub(v128.load(o, 16), mv), true, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9));
      }
    } else {
      s0 = sleefExpf4(f32x4.sub(v128.load(b), mv));
      s1 = sleefExpf4(f32x4.sub(v128.load(b, 16), mv));
      for (c = 8; c < C8; c += 8) {
        const o = b + (<usize>c << 2);
        s0 = f32x4.add(s0, sleefExpf4(f32x4.sub(v128.load(o), mv)));
        s1 = f32x4.add(s1, sleefExpf4(f32x4.sub(v128.load(o, 16), mv)));
      }
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
      // The backward's exps of (x - m) - lse, by the same monotonic bound.
      const ordinaryB = (lo - m) - lse >= -86;
      if (i32x4.all_true(okS)) {
        // S finite and nonzero (every row but a NaN / inf upstream): negMulZ's first case on every lane.
        if (ordinaryB) {
          // Every exp is normal, never 0: -(e·S) is e·(-S), negMulFinite without its zero mask.
          const nS = f32x4.neg(Sv);
          for (; c + 8 <= C4; c += 8) {
            const o = <usize>c << 2;
            const e0 = sleefExpf4K(f32x4.sub(f32x4.sub(v128.load(b + o), mv), lv), true, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
            const e1 = sleefExpf4K(f32x4.sub(f32x4.sub(v128.load(b + o, 16), mv), lv), true, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
            v128.store(g + o, f32x4.mul(e0, nS));
            v128.store(g + o, f32x4.mul(e1, nS), 16);
          }
        }
        while (c < C4) {
          const o = <usize>c << 2;
          const e = sleefExpf4(f32x4.sub(f32x4.sub(v128.load(b + o), mv), lv));
          v128.store(g + o, negMulFinite(e, Sv));
          c += 4;
        }
      } else {
        do {
          const o = <usize>c << 2;
          const e = sleefExpf4(f32x4.sub(f32x4.sub(v128.load(b + o), mv), lv));
          v128.store(g + o, negMulZ(e, Sv, okS));
          c += 4;
        } while (c < C4);
      }
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
@inline export function ceFastF32(
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
